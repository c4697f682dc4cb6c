/* History: throughput, connections and closed sessions over a chosen range, from the database. */
(function () {
  'use strict';
  const { el, clear, fmt } = HS;
  const form = document.getElementById('range');
  const tbody = document.querySelector('#session-table tbody');
  const throughputChart = HS.chart(document.getElementById('history-throughput'), [{ label: 'in', fill: true }, { label: 'out', fill: true }], { format: fmt.rate });
  const connectionChart = HS.chart(document.getElementById('history-connections'), [{ label: 'open connections' }]);
  let page = 0;
  let range = null;

  const toLocalInput = (ms) => { const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000); return d.toISOString().slice(0, 16); };

  function setHours(hours) {
    const now = Date.now();
    form.elements.from.value = toLocalInput(now - hours * 3600000);
    form.elements.to.value = toLocalInput(now + 60000);
  }

  function load() {
    const from = new Date(form.elements.from.value).getTime();
    const to = new Date(form.elements.to.value).getTime();
    if (!(from < to)) return;
    range = { from: from, to: to };
    // About 300 buckets, never finer than the 10 s samples.
    const step = Math.max(10, Math.round((to - from) / 1000 / 300 / 10) * 10);
    HS.getJson('/api/v1/throughput' + HS.query({ from: from, to: to, step: step })).then((s) => {
      throughputChart.setData([s.t, s.msgsIn.map((v) => v / step), s.msgsOut.map((v) => v / step)]);
      connectionChart.setData([s.t, s.connections]);
    });
    page = 0;
    loadSessions();
  }

  function loadSessions() {
    HS.getJson('/api/v1/history/sessions' + HS.query({ from: range.from, to: range.to, page: page, size: 50 })).then((p) => {
      clear(tbody);
      for (const s of p.items) {
        const ua = HS.parseUA(s.userAgent);
        tbody.appendChild(el('tr', null,
          el('td', { className: 'mono', text: s.id }),
          el('td', { text: s.node }),
          el('td', { className: 'mono', text: s.ip || '–' }),
          el('td', { title: s.userAgent || '', text: ua.browser + (ua.os ? ' · ' + ua.os : '') }),
          el('td', { text: fmt.dateTime(s.openedAt) }),
          el('td', { className: 'num', text: fmt.duration(s.closedAt - s.openedAt) }),
          el('td', { text: s.closeReason || 'unknown', title: s.error || '' }),
          el('td', { className: 'num', text: fmt.int(s.msgsIn) + ' / ' + fmt.int(s.msgsOut) }),
          el('td', { className: 'num', text: fmt.bytes(s.bytesIn) + ' / ' + fmt.bytes(s.bytesOut) })));
      }
      if (!p.items.length) tbody.appendChild(el('tr', null, el('td', { colspan: 9, className: 'empty muted', text: 'No closed sessions in this range.' })));
      const pages = Math.max(1, Math.ceil(p.total / p.size));
      HS.text('page-info', 'Page ' + (p.page + 1) + ' of ' + pages + ' · ' + fmt.count(p.total, 'session', 'sessions'));
      document.getElementById('prev').disabled = p.page === 0;
      document.getElementById('next').disabled = p.page + 1 >= pages;
    });
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  form.querySelectorAll('button[data-hours]').forEach((b) => b.addEventListener('click', () => { setHours(Number(b.dataset.hours)); load(); }));
  document.getElementById('prev').addEventListener('click', () => { page = Math.max(0, page - 1); loadSessions(); });
  document.getElementById('next').addEventListener('click', () => { page++; loadSessions(); });
  HS.notLive();
  setHours(1);
  load();
})();
