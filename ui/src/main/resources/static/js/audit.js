/* Audit log: server-paged and filtered, refreshed every few seconds. Every field is text: users,
   targets, reasons and payload summaries are attacker-controlled. */
(function () {
  'use strict';
  const { el, clear, fmt } = HS;
  const form = document.getElementById('audit-filters');
  const tbody = document.querySelector('#audit-table tbody');
  const size = 50;
  let page = 0;
  let total = 0;
  HS.notLive();

  function load() {
    const filters = Object.fromEntries(new FormData(form).entries());
    HS.getJson('/api/v1/audit' + HS.query(Object.assign(filters, { page: page, size: size }))).then((p) => {
      total = p.total;
      clear(tbody);
      for (const a of p.items) {
        tbody.appendChild(el('tr', { 'data-id': a.id, className: 'audit-row' },
          el('td', { className: 'num', text: fmt.dateTime(a.at) }),
          el('td', { text: a.user + ' (' + a.role + ')' }),
          el('td', { className: 'mono', text: a.ip || '–' }),
          el('td', { className: 'mono audit-action', text: a.action }),
          el('td', { className: 'audit-target', text: a.target, title: a.target }),
          el('td', { className: 'audit-detail', text: a.detail || '–' }),
          el('td', null, el('span', { className: 'badge audit-status' + (a.status === 'ok' ? ' ok' : ''), text: a.status })),
          el('td', { className: 'audit-detail audit-result', text: a.result || '–' }),
          el('td', { className: 'num', text: fmt.int(a.affected) })));
      }
      if (!p.items.length) tbody.appendChild(el('tr', null, el('td', { colspan: 9, className: 'empty muted', text: 'No action recorded.' })));
      HS.pagerInfo({ info: 'page-info', prev: 'prev', next: 'next' }, p, fmt.count(total, 'action', 'actions'));
    }).catch(() => {});
  }

  let typing = null;
  ['input', 'change'].forEach((type) => form.addEventListener(type, () => { clearTimeout(typing); typing = setTimeout(() => { page = 0; load(); }, 300); }));
  form.addEventListener('submit', (e) => { e.preventDefault(); page = 0; load(); });
  document.getElementById('prev').addEventListener('click', () => { page = Math.max(0, page - 1); load(); });
  document.getElementById('next').addEventListener('click', () => { if ((page + 1) * size < total) { page++; load(); } });
  setInterval(() => { if (page === 0 && !document.hidden) load(); }, 5000);
  load();
})();
