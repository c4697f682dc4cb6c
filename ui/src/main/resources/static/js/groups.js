/* Groups and view models: a server-paged, sorted, live table; a click lists the members (one
   page, from the API) with links to their connection pages. Admins may send to all of them. */
(function () {
  'use strict';
  const { el, clear, fmt } = HS;
  const form = document.getElementById('group-filters');
  const tbody = document.querySelector('#group-table tbody');
  const state = { sort: 'members', dir: 'desc', page: 0, size: 50 };
  const members = { kind: null, id: null, page: 0, size: 50, total: 0 };
  let stream = null;
  let lastTotal = 0;

  const kind = () => document.getElementById('group-kind').value;

  function subscribe() {
    if (stream) stream.close();
    const q = new FormData(form).get('q');
    stream = HS.live('/api/v1/live/' + kind() + HS.query({ q: q, sort: state.sort + ',' + state.dir, page: state.page, size: state.size }), render);
    markSorted();
  }
  const markSorted = HS.sortHeaders(document.getElementById('group-table'), state, subscribe);

  function render(page) {
    lastTotal = page.total;
    clear(tbody);
    for (const g of page.items) {
      tbody.appendChild(el('tr', { className: 'clickable group-row', 'data-id': g.id },
        el('td', { className: 'mono', text: g.id, title: g.id }),
        el('td', { className: 'num', text: fmt.int(g.members) }),
        el('td', { className: 'num', text: fmt.rate(g.inPerSecond) }),
        el('td', { className: 'num', text: fmt.rate(g.outPerSecond) }),
        el('td', { className: 'num', text: fmt.int(g.msgsIn) }),
        el('td', { className: 'num', text: fmt.int(g.msgsOut) }),
        el('td', { className: 'num', text: g.lastActivity ? fmt.ago(g.lastActivity) : '–' })));
    }
    if (!page.items.length) {
      tbody.appendChild(el('tr', null, el('td', { colspan: 7, className: 'empty muted', text: kind() === 'groups' ? 'No group seen.' : 'No view model seen.' })));
    }
    HS.pagerInfo({ info: 'page-info', prev: 'prev', next: 'next' }, page, kind() === 'groups'
      ? fmt.count(page.total, 'group', 'groups') : fmt.count(page.total, 'view model', 'view models'));
  }

  function loadMembers() {
    if (!members.id) return;
    const url = '/api/v1/' + members.kind + '/' + encodeURIComponent(members.id) + '/members' + HS.query({ page: members.page, size: members.size });
    HS.getJson(url).then((p) => {
      members.total = p.total;
      const body = clear(document.querySelector('#member-table tbody'));
      for (const c of p.items) {
        const ua = HS.parseUA(c.userAgent);
        const href = '/connections/' + encodeURIComponent(c.id);
        body.appendChild(el('tr', { 'data-id': c.id },
          el('td', { className: 'mono' }, el('a', { href: href, text: c.id })),
          el('td', { text: c.node, title: c.node }),
          el('td', { className: 'mono', text: c.ip || '–' }),
          el('td', { className: 'ua', title: c.userAgent || '', text: ua.browser + (ua.os ? ' · ' + ua.os : '') }),
          el('td', { className: 'num', text: fmt.int(c.msgsIn) }),
          el('td', { className: 'num', text: fmt.int(c.msgsOut) }),
          el('td', { className: 'num', text: fmt.ago(c.lastActivity) })));
      }
      if (!p.items.length) body.appendChild(el('tr', null, el('td', { colspan: 7, className: 'empty muted', text: 'No open member connection.' })));
      HS.text('member-count', fmt.count(p.total, 'open connection', 'open connections'));
      HS.pagerInfo({ info: 'member-page-info', prev: 'member-prev', next: 'member-next' }, p);
    }).catch(() => {});
  }

  function select(id) {
    members.kind = kind();
    members.id = id;
    members.page = 0;
    document.getElementById('member-card').hidden = false;
    HS.text('member-title', (members.kind === 'groups' ? 'Group ' : 'View model ') + id);
    const vmLabel = document.getElementById('group-send-vm-label');
    if (vmLabel) vmLabel.hidden = members.kind !== 'groups';
    const result = document.getElementById('action-result');
    if (result) result.textContent = '';
    loadMembers();
  }

  tbody.addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-id]');
    if (row) select(row.dataset.id);
  });
  let typing = null;
  ['input', 'change'].forEach((type) => form.addEventListener(type, () => { clearTimeout(typing); typing = setTimeout(() => { state.page = 0; subscribe(); }, 300); }));
  form.addEventListener('submit', (e) => { e.preventDefault(); state.page = 0; subscribe(); });
  document.getElementById('prev').addEventListener('click', () => { state.page = Math.max(0, state.page - 1); subscribe(); });
  document.getElementById('next').addEventListener('click', () => { if ((state.page + 1) * state.size < lastTotal) { state.page++; subscribe(); } });
  document.getElementById('member-prev').addEventListener('click', () => { members.page = Math.max(0, members.page - 1); loadMembers(); });
  document.getElementById('member-next').addEventListener('click', () => { if ((members.page + 1) * members.size < members.total) { members.page++; loadMembers(); } });
  setInterval(() => { if (!document.hidden) loadMembers(); }, 5000);

  const send = document.getElementById('group-send-form');
  if (send && HS.isAdmin) {
    send.addEventListener('submit', (e) => {
      e.preventDefault();
      const output = document.getElementById('action-result');
      let properties;
      try { properties = JSON.parse(document.getElementById('group-send-props').value); } catch (err) { properties = null; }
      if (!properties || typeof properties !== 'object' || Array.isArray(properties)) {
        output.textContent = 'Properties must be a JSON object, e.g. {"Message": "hello"}';
        output.className = 'action-result bad';
        return;
      }
      const isGroup = members.kind === 'groups';
      const vmId = isGroup ? document.getElementById('group-send-vm').value.trim() : members.id;
      const url = '/api/v1/' + members.kind + '/' + encodeURIComponent(members.id) + '/send';
      HS.confirmedAction(isGroup ? 'Send to every member of this group?' : 'Send to every client of this view model?',
        [[isGroup ? 'Group' : 'View model', members.id], ['View model', vmId], ['Properties', JSON.stringify(properties)]],
        'Send to all', url, isGroup ? { vmId: vmId, properties: properties } : { properties: properties }, output);
    });
  }
  subscribe();
})();
