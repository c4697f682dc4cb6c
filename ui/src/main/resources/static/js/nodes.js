/* Nodes: per node its incarnation and recent restarts, the process (CPU, RSS, heap), then the host,
   connections, throughput and tap queue over 5 minutes. A node the observer forgot (silent past
   expire-after) loses its card. */
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
    const facts = { seen: el('div'), starts: el('div', { className: 'node-starts' }), process: el('div'), host: el('div'), tap: el('div') };
    const grid = el('div', { className: 'chart-grid' });
    const slot = (label) => { const c = el('div', { className: 'chart small' }); grid.appendChild(el('div', null, el('h3', { text: label }), c)); return c; };
    box.appendChild(title);
    box.appendChild(el('div', { className: 'muted facts-line' }, facts.seen, facts.starts, facts.process, facts.host, facts.tap));
    if (HS.isAdmin && node.role === 'proxy') box.appendChild(drainControls(node));
    box.appendChild(grid);
    // All slots first: the grid sizes its columns from the full set before the charts measure.
    const slots = ['CPU', 'Process memory', 'Host memory', 'Connections', 'Messages', 'Tap queue'].map(slot);
    container.appendChild(box);
    const o = (format) => ({ height: 150, format: format, windowSeconds: WINDOW });
    charts.cpu = HS.chart(slots[0], [{ label: 'process' }, { label: 'host' }], Object.assign(o(fmt.pct), { minMax: 1 }));
    charts.process = HS.chart(slots[1], [{ label: 'RSS' }, { label: 'heap used' }], o(fmt.bytes));
    charts.host = HS.chart(slots[2], [{ label: 'memory used' }], o(fmt.bytes));
    charts.conn = HS.chart(slots[3], [{ label: 'open' }], o(fmt.num));
    charts.rate = HS.chart(slots[4], [{ label: 'in' }, { label: 'out' }], o(fmt.rate));
    charts.queue = HS.chart(slots[5], [{ label: 'depth' }], o(fmt.num));
    return { box: box, facts: facts, charts: charts };
  }

  // Drain and undrain, for admins on a proxy's card; each confirmed in the page first.
  function drainControls(node) {
    const spread = el('input', { type: 'number', min: 0, max: 3600, value: 30, className: 'drain-spread', 'aria-label': 'spread seconds' });
    const output = el('span', { className: 'action-result muted' });
    const base = '/api/v1/nodes/' + encodeURIComponent(node.id);
    const drain = el('button', { type: 'button', className: 'drain danger', text: 'Drain…' });
    const undrain = el('button', { type: 'button', className: 'undrain', text: 'Undrain…' });
    drain.addEventListener('click', () => {
      const seconds = Number(spread.value);
      HS.confirmedAction('Drain this proxy?', [['Node', node.id],
        ['What happens', 'It takes no new clients and asks its clients to reconnect elsewhere'],
        ['Spread over', seconds + ' s']], 'Drain', base + '/drain', { spreadSeconds: seconds }, output);
    });
    undrain.addEventListener('click', () => HS.confirmedAction('Undrain this proxy?', [['Node', node.id],
      ['What happens', 'It takes new clients again']], 'Undrain', base + '/undrain', {}, output));
    return el('div', { className: 'node-actions' }, el('span', { className: 'muted', text: 'Spread (s)' }), spread, drain, undrain, output);
  }

  // The current process and the restarts the observer saw (the latest few), newest first.
  function starts(n) {
    const restarts = (n.starts || []).filter((s) => s.incarnation > 1)
      .map((s) => '#' + s.incarnation + ' ' + fmt.dateTime(s.startedAt)).join(', ');
    return 'incarnation ' + fmt.int(n.incarnation) + ', started ' + fmt.dateTime(n.startedAt)
      + (restarts ? ' · restarts: ' + restarts : ' · no restart seen');
  }

  HS.live('/api/v1/live/nodes?seconds=' + WINDOW, function (nodes) {
    document.getElementById('no-nodes').hidden = nodes.length > 0;
    const listed = new Set(nodes.map((n) => n.id));
    for (const [id, c] of cards) {
      // uPlot's destroy also takes its window listeners away.
      if (!listed.has(id)) { Object.values(c.charts).forEach((chart) => chart.destroy()); c.box.remove(); cards.delete(id); }
    }
    for (const n of nodes) {
      let c = cards.get(n.id);
      if (!c) { c = card(n); cards.set(n.id, c); }
      c.facts.starts.textContent = starts(n);
      const h = n.host;
      const drops = Object.entries(n.tap.droppedByCause).filter(([, v]) => v > 0).map(([k, v]) => k + ' ' + fmt.int(v)).join(', ');
      c.facts.seen.textContent = n.id + ' · ' + (n.address || '') + ' · last seen ' + fmt.ago(n.lastSeen)
        + ' · ' + fmt.count(n.activeConnections, 'connection', 'connections');
      c.facts.process.textContent = h
        ? 'process: RSS ' + fmt.rss(h.rss) + ', heap ' + fmt.heap(h) + ', CPU ' + fmt.pct(h.cpuProcess)
        : 'process: no telemetry yet';
      c.facts.host.textContent = h
        ? 'host: ' + fmt.bytes(h.memUsed) + ' of ' + fmt.bytes(h.memTotal) + ' memory used, CPU ' + fmt.pct(h.cpuSystem)
        : '';
      c.facts.tap.textContent = 'tap: ' + fmt.count(n.tap.batches, 'batch', 'batches') + ', '
        + fmt.int(n.tap.seqGaps) + ' lost, drops ' + (drops || 'none')
        + (n.tap.lateBatches > 0 ? ', ' + fmt.count(n.tap.lateBatches, 'late batch', 'late batches') + ' of an earlier process' : '');
      const s = n.series;
      const t = n.throughput;
      c.charts.cpu.setData([s.t, s.cpuProcess, s.cpuSystem]);
      // A second without an RSS (an older tap) is a gap in the line, not a drop to zero.
      c.charts.process.setData([s.t, s.rss.map((v) => v > 0 ? v : null), s.heapUsed]);
      c.charts.host.setData([s.t, s.memUsed]);
      c.charts.conn.setData([s.t, s.connections]);
      c.charts.queue.setData([s.t, s.queueDepth]);
      c.charts.rate.setData([t.t, t.msgsIn, t.msgsOut]);
    }
  });
})();
