/* Connections: a server-paged, sorted, filtered live table. The browser holds one page only. */
(function () {
  'use strict';
  const { el, clear, fmt } = HS;
  const form = document.getElementById('filters');
  const tbody = document.querySelector('#connection-table tbody');
  const state = { sort: 'openedAt', dir: 'desc', page: 0, size: 50 };
  let stream = null;
  let lastTotal = 0;

  function params() {
    const p = Object.fromEntries(new FormData(form).entries());
    return Object.assign(p, { sort: state.sort + ',' + state.dir, page: state.page, size: state.size });
  }

  function subscribe() {
    if (stream) stream.close();
    stream = HS.live('/api/v1/live/connections' + HS.query(params()), render);
    document.querySelectorAll('#connection-table th[data-sort]').forEach((th) => {
      th.classList.toggle('sorted', th.dataset.sort === state.sort);
      th.dataset.dir = th.dataset.sort === state.sort ? state.dir : '';
    });
  }

  function render(page) {
    lastTotal = page.total;
    clear(tbody);
    const now = Date.now();
    for (const c of page.items) {
      const ua = HS.parseUA(c.userAgent);
      const href = '/connections/' + encodeURIComponent(c.id);
      const row = el('tr', { className: 'clickable', 'data-href': href, 'data-id': c.id },
        el('td', { className: 'mono' }, el('a', { href: href, text: c.id })),
        el('td', { text: c.node, title: c.node }),
        el('td', { className: 'mono', text: c.ip || '–' }),
        el('td', { className: 'ua', title: c.userAgent || '', text: ua.browser + (ua.os ? ' · ' + ua.os : '') }),
        el('td', { className: 'num', text: fmt.duration((c.closedAt || now) - c.openedAt)
          + (c.state === 'closed' ? ' · ' + (c.closeReason || 'unknown') : '') }),
        el('td', { className: 'vms', text: c.viewModels.join(', ') || '–', title: c.viewModels.join('\n') }),
        el('td', { className: 'num', text: fmt.int(c.msgsIn) }),
        el('td', { className: 'num', text: fmt.int(c.msgsOut) }),
        el('td', { className: 'num', text: fmt.bytes(c.bytesIn) }),
        el('td', { className: 'num', text: fmt.bytes(c.bytesOut) }),
        el('td', { className: 'num', text: fmt.ago(c.lastActivity) }));
      tbody.appendChild(row);
    }
    if (!page.items.length) {
      tbody.appendChild(el('tr', null, el('td', { colspan: 11, className: 'empty muted', text: 'No connections match.' })));
    }
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    HS.text('page-info', 'Page ' + (page.page + 1) + ' of ' + pages + ' · ' + fmt.count(page.total, 'connection', 'connections'));
    document.getElementById('prev').disabled = page.page === 0;
    document.getElementById('next').disabled = page.page + 1 >= pages;
  }

  tbody.addEventListener('click', (e) => {
    if (e.target.closest('a')) return;
    const row = e.target.closest('tr[data-href]');
    if (row) window.location.assign(row.dataset.href);
  });
  document.querySelectorAll('#connection-table th[data-sort]').forEach((th) => th.addEventListener('click', () => {
    if (state.sort === th.dataset.sort) state.dir = state.dir === 'desc' ? 'asc' : 'desc';
    else { state.sort = th.dataset.sort; state.dir = 'desc'; }
    state.page = 0;
    subscribe();
  }));
  let typing = null;
  // 'change' too: selects and pasted text do not always fire 'input'.
  ['input', 'change'].forEach((type) => form.addEventListener(type, () => { clearTimeout(typing); typing = setTimeout(() => { state.page = 0; subscribe(); }, 300); }));
  form.addEventListener('submit', (e) => { e.preventDefault(); state.page = 0; subscribe(); });
  document.getElementById('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); subscribe(); });
  document.getElementById('next').addEventListener('click', () => {
    if ((state.page + 1) * state.size < lastTotal) { state.page++; subscribe(); }
  });
  subscribe();
})();
