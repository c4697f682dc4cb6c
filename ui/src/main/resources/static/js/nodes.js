/* Nodes: per node CPU, memory, heap, connections, throughput and tap queue over 5 minutes. */
(function () {
  'use strict';
  const { el, fmt } = HS;
  const container = document.getElementById('node-cards');
  const cards = new Map();
  const WINDOW = 300;

  function card(node) {
    const charts = {};
    const box = el('section', { className: 'card node-card', id: 'node-' + node.id.replace(/[^\w-]/g, '_') });
    const title = el('h2', null, el('span', { text: node.name || node.id }), ' ', el('span', { className: 'badge', text: node.role }));
    const facts = el('p', { className: 'muted facts-line' });
    const grid = el('div', { className: 'chart-grid' });
    const slot = (label) => { const c = el('div', { className: 'chart small' }); grid.appendChild(el('div', null, el('h3', { text: label }), c)); return c; };
    box.appendChild(title);
    box.appendChild(facts);
    box.appendChild(grid);
    // All slots first: the grid sizes its columns from the full set before the charts measure.
    const slots = ['CPU', 'Memory and heap', 'Connections', 'Messages', 'Tap queue'].map(slot);
    container.appendChild(box);
    const o = (format) => ({ height: 150, format: format, windowSeconds: WINDOW });
    charts.cpu = HS.chart(slots[0], [{ label: 'system' }, { label: 'process' }], Object.assign(o(fmt.pct), { minMax: 1 }));
    charts.mem = HS.chart(slots[1], [{ label: 'memory used' }, { label: 'heap used' }], o(fmt.bytes));
    charts.conn = HS.chart(slots[2], [{ label: 'open' }], o(fmt.num));
    charts.rate = HS.chart(slots[3], [{ label: 'in' }, { label: 'out' }], o(fmt.rate));
    charts.queue = HS.chart(slots[4], [{ label: 'depth' }], o(fmt.num));
    return { facts: facts, charts: charts };
  }

  HS.live('/api/v1/live/nodes?seconds=' + WINDOW, function (nodes) {
    document.getElementById('no-nodes').hidden = nodes.length > 0;
    for (const n of nodes) {
      let c = cards.get(n.id);
      if (!c) { c = card(n); cards.set(n.id, c); }
      const h = n.host;
      const drops = Object.entries(n.tap.droppedByCause).filter(([, v]) => v > 0).map(([k, v]) => k + ' ' + fmt.int(v)).join(', ');
      c.facts.textContent = n.id + ' · ' + (n.address || '') + ' · last seen ' + fmt.ago(n.lastSeen)
        + ' · ' + fmt.int(n.activeConnections) + ' connections'
        + (h ? ' · heap ' + fmt.bytes(h.heapUsed) + ' of ' + fmt.bytes(h.heapMax) : '')
        + ' · tap: ' + fmt.int(n.tap.batches) + ' batches, ' + fmt.int(n.tap.seqGaps) + ' lost, drops ' + (drops || 'none');
      const s = n.series;
      const t = n.throughput;
      c.charts.cpu.setData([s.t, s.cpuSystem, s.cpuProcess]);
      c.charts.mem.setData([s.t, s.memUsed, s.heapUsed]);
      c.charts.conn.setData([s.t, s.connections]);
      c.charts.queue.setData([s.t, s.queueDepth]);
      c.charts.rate.setData([t.t, t.msgsIn, t.msgsOut]);
    }
  });
})();
