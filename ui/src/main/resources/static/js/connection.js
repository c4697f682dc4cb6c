/* One connection, live: facts, headers, view models and recent payloads each way. */
(function () {
  'use strict';
  const { el, clear, fmt } = HS;
  const main = document.getElementById('connection');
  const id = main.dataset.connectionId;

  function facts(dl, pairs) {
    clear(dl);
    for (const [key, value, title] of pairs) {
      dl.appendChild(el('dt', { text: key }));
      dl.appendChild(el('dd', { text: value === null || value === undefined || value === '' ? '–' : value, title: title || null }));
    }
  }

  function payloads(list, messages) {
    clear(list);
    if (!messages.length) list.appendChild(el('li', { className: 'muted', text: 'None yet.' }));
    for (const m of messages) {
      list.appendChild(el('li', null,
        el('div', { className: 'payload-head' },
          el('span', { className: 'mono', text: fmt.time(m.ts) }),
          el('span', { className: 'badge', text: m.call || '?' }),
          el('span', { text: m.vm || '' }),
          el('span', { className: 'muted', text: fmt.bytes(m.size) + (m.truncated ? ' (truncated)' : '') })),
        el('pre', { className: 'payload', text: HS.pretty(m.payload) })));
    }
  }

  // Actions (admins only: a viewer's page has no such card). The node comes from the live view.
  let current = null;
  let prefilled = false;
  const actions = document.getElementById('conn-actions');
  if (actions && HS.isAdmin) {
    const output = document.getElementById('action-result');
    const base = '/api/v1/connections/' + encodeURIComponent(id);
    document.getElementById('disconnect-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const reason = document.getElementById('disconnect-reason').value.trim();
      HS.confirmedAction('Disconnect this connection?', [
        ['Connection', id], ['Node', current ? current.node : '–'],
        ['Reason', reason || 'Disconnected by an operator']], 'Disconnect',
      base + '/disconnect', reason ? { reason: reason } : {}, output);
    });
    document.getElementById('send-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const vmId = document.getElementById('send-vm').value.trim();
      let properties;
      try {
        properties = JSON.parse(document.getElementById('send-props').value);
      } catch (err) {
        output.textContent = 'Properties are not valid JSON: ' + err.message;
        output.className = 'action-result bad';
        return;
      }
      if (!properties || typeof properties !== 'object' || Array.isArray(properties)) {
        output.textContent = 'Properties must be a JSON object, e.g. {"Message": "hello"}';
        output.className = 'action-result bad';
        return;
      }
      HS.confirmedAction('Send to this connection?', [
        ['Connection', id], ['View model', vmId], ['Properties', JSON.stringify(properties)]], 'Send',
      base + '/send', { vmId: vmId, properties: properties }, output);
    });
  }

  HS.live('/api/v1/live/connections/' + encodeURIComponent(id), function (d) {
    const c = d.connection;
    current = c;
    if (actions) {
      actions.querySelectorAll('button').forEach((b) => { b.disabled = c.state !== 'active'; });
      if (!prefilled && c.viewModels.length) {
        prefilled = true;
        if (!document.getElementById('send-vm').value) document.getElementById('send-vm').value = c.viewModels[0];
      }
    }
    document.getElementById('conn-missing').hidden = true;
    const badge = document.getElementById('conn-state');
    badge.textContent = c.state === 'active' ? 'active' : 'closed: ' + (c.closeReason || 'unknown');
    badge.classList.toggle('ok', c.state === 'active');
    const ua = HS.parseUA(c.userAgent);
    facts(document.getElementById('conn-facts'), [
      ['Node', c.node], ['IP', c.ip + (c.port ? ':' + c.port : '')],
      ['User agent', ua.browser + (ua.os ? ' · ' + ua.os : ''), c.userAgent],
      ['Raw user agent', c.userAgent],
      ['Transport', (c.transport || '–') + ' / ' + (c.protocol || '–')],
      ['Opened', fmt.dateTime(c.openedAt)],
      ['Connected for', fmt.duration((c.closedAt || Date.now()) - c.openedAt)],
      ['Closed', c.closedAt ? fmt.dateTime(c.closedAt) + ' (' + (c.closeReason || 'unknown') + ')' : null],
      ['Error', d.error],
      ['Messages in / out', fmt.int(c.msgsIn) + ' / ' + fmt.int(c.msgsOut)],
      ['Bytes in / out', fmt.bytes(c.bytesIn) + ' / ' + fmt.bytes(c.bytesOut)],
      ['Last activity', fmt.ago(c.lastActivity)],
      ['Group', c.group]
    ]);
    facts(document.getElementById('conn-headers'), Object.entries(d.headers || {}));
    const vms = clear(document.getElementById('conn-vms'));
    for (const vm of c.viewModels) vms.appendChild(el('li', { className: 'chip', text: vm }));
    if (!c.viewModels.length) vms.appendChild(el('li', { className: 'muted', text: 'None' }));
    payloads(document.getElementById('payloads-in'), d.recentIn);
    payloads(document.getElementById('payloads-out'), d.recentOut);
  });
})();
