/* Message tail: server-side filtered and rate-capped; the table keeps the newest rows only. */
(function () {
  'use strict';
  const { el, fmt } = HS;
  const MAX_ROWS = 300;
  const form = document.getElementById('filters');
  const tbody = document.querySelector('#message-table tbody');
  const pauseButton = document.getElementById('pause');
  let stream = null;
  let paused = false;
  let skipped = 0;

  HS.text('shown-max', String(MAX_ROWS));

  function subscribe() {
    if (stream) stream.close();
    skipped = 0;
    HS.text('skipped', '0');
    const params = Object.fromEntries(new FormData(form).entries());
    stream = HS.live('/api/v1/live/messages' + HS.query(params), onTail);
  }

  function onTail(tail) {
    skipped += tail.skipped;
    HS.text('skipped', fmt.int(skipped));
    if (paused) return;
    for (const m of tail.messages) {
      const payload = m.payload === null ? '(not sampled)' : m.payload;
      const row = el('tr', null,
        el('td', { className: 'mono', text: fmt.time(m.ts) }),
        el('td', { text: m.node, title: m.node }),
        el('td', { className: 'mono' }, m.conn
          ? el('a', { href: '/connections/' + encodeURIComponent(m.conn), text: m.conn })
          : el('span', { className: 'muted', text: 'fan-out ×' + m.recipients })),
        el('td', { text: m.dir }),
        el('td', { text: m.call || '' }),
        el('td', { text: m.vm || '' }),
        el('td', { className: 'num', text: fmt.bytes(m.size) }),
        el('td', { className: 'payload-cell', title: payload, text: payload }));
      tbody.insertBefore(row, tbody.firstChild);
    }
    while (tbody.rows.length > MAX_ROWS) tbody.deleteRow(tbody.rows.length - 1);
  }

  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    pauseButton.classList.toggle('paused', paused);
  });
  let typing = null;
  // 'change' too: selects and pasted text do not always fire 'input'.
  ['input', 'change'].forEach((type) => form.addEventListener(type, () => { clearTimeout(typing); typing = setTimeout(subscribe, 300); }));
  form.addEventListener('submit', (e) => { e.preventDefault(); subscribe(); });
  subscribe();
})();
