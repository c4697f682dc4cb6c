/* Overview: tiles, throughput chart, topology and nodes, each from its own live stream. */
(function () {
  'use strict';
  const { el, svg, clear, text, fmt } = HS;

  HS.live('/api/v1/live/summary', function (s) {
    text('tile-connections', fmt.int(s.activeConnections));
    text('tile-connections-sub', fmt.int(s.closedConnections) + ' recently closed'
      + (s.untrackedConnections ? ', ' + fmt.int(s.untrackedConnections) + ' untracked' : ''));
    text('tile-msgs-in', fmt.rate(s.msgsInPerSec));
    text('tile-msgs-in-total', fmt.num(s.msgsIn) + ' total');
    text('tile-msgs-out', fmt.rate(s.msgsOutPerSec));
    text('tile-msgs-out-total', fmt.num(s.msgsOut) + ' total');
    // Two figures in one tile: each stays whole, the tile breaks the line between them if it must.
    pair('tile-bytes', fmt.byteRate(s.bytesInPerSec), fmt.byteRate(s.bytesOutPerSec));
    pair('tile-bytes-total', fmt.bytes(s.bytesIn), fmt.bytes(s.bytesOut) + ' total');
    text('tile-nodes', fmt.int(s.nodes));
    const proxies = s.topology.filter((n) => n.role === 'proxy').length;
    text('tile-nodes-sub', fmt.count(proxies, 'proxy', 'proxies') + ', '
      + fmt.count(s.nodes - proxies, 'app server', 'app servers'));
    text('tile-drops', fmt.int(s.tapDropped));
    text('tile-drops-sub', fmt.count(s.tapSeqGaps, 'batch lost', 'batches lost') + ', '
      + fmt.count(s.ingestRejected, 'event rejected', 'events rejected'));
    document.getElementById('tile-drops').classList.toggle('warn', s.tapDropped > 0);
    drawTopology(s.topology);
  });

  const chartBox = document.getElementById('throughput-chart');
  const chart = HS.chart(chartBox, [{ label: 'in', fill: true }, { label: 'out', fill: true }], { format: (v) => fmt.rate(v), windowSeconds: 900 });
  HS.live('/api/v1/live/throughput?seconds=900', function (w) {
    chart.setData([w.t, w.msgsIn, w.msgsOut]);
  });

  function pair(id, first, second) {
    const node = clear(document.getElementById(id));
    node.appendChild(el('span', { className: 'nowrap', text: first }));
    node.appendChild(document.createTextNode(' '));
    node.appendChild(el('span', { className: 'nowrap', text: '/ ' + second }));
  }

  // The process first (what the node costs), then the host it shares with whatever else runs there.
  const tbody = document.querySelector('#node-table tbody');
  HS.live('/api/v1/live/nodes', function (nodes) {
    document.getElementById('no-nodes').hidden = nodes.length > 0;
    clear(tbody);
    for (const n of nodes) {
      const h = n.host;
      tbody.appendChild(el('tr', null,
        el('td', { title: n.id },
          el('a', { className: 'line', href: '/nodes#' + encodeURIComponent(n.id), text: n.name || n.id }),
          el('span', { className: 'line small muted', text: n.role + ' · ' + fmt.ago(n.lastSeen) })),
        el('td', { className: 'num', text: fmt.int(n.activeConnections) }),
        el('td', null,
          el('span', { className: 'line small', text: h ? 'RSS ' + fmt.rss(h.rss) + ' · CPU ' + fmt.pct(h.cpuProcess) : '–' }),
          h ? bar(h.heapMax > 0 ? h.heapUsed / h.heapMax : null, 'heap ' + fmt.heap(h)) : null),
        el('td', null,
          bar(h ? h.cpuSystem : null, 'CPU ' + (h ? fmt.pct(h.cpuSystem) : '–')),
          h ? bar(h.memTotal ? h.memUsed / h.memTotal : null, 'mem ' + fmt.bytes(h.memUsed) + ' of ' + fmt.bytes(h.memTotal)) : null)));
    }
  });

  function bar(fraction, label) {
    const wrap = el('div', { className: 'bar', title: label });
    const meter = el('meter', { min: 0, max: 1, value: fraction === null ? 0 : Math.min(1, fraction) });
    wrap.appendChild(meter);
    wrap.appendChild(el('span', { className: 'bar-label', text: label }));
    return wrap;
  }

  /**
   * Clients → proxies → app servers, with connections and messages per second on each link. An
   * app server's tap reports the proxies linked to it (`links`); a proxy linked to two app servers
   * is drawn connected to both, one the observer hears of but has no tap from as "no tap". An app
   * server that does not report links (an older tap) is drawn, as before, linked to every proxy,
   * dashed as assumed. Every name is text (textContent), never markup.
   */
  function drawTopology(nodes) {
    const box = clear(document.getElementById('topology'));
    const model = topologyModel(nodes);
    const proxies = model.proxies;
    const apps = model.apps;
    const rows = Math.max(proxies.length, apps.length, 1);
    const width = 560, rowH = 64, height = Math.max(140, rows * rowH + 20);
    const root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'Topology' });
    const clientsY = height / 2;
    const col = { clients: 60, proxies: 280, apps: 490 };
    const y = (i, count) => (height / (count + 1)) * (i + 1);
    const appY = new Map(apps.map((a, i) => [a.id, y(i, apps.length)]));
    const proxyY = new Map(proxies.map((p, i) => [p.key, y(i, proxies.length)]));
    const link = (x1, y1, x2, y2, label, cls, title) => {
      const line = svg('line', { x1: x1, y1: y1, x2: x2, y2: y2, class: 'link' + cls });
      if (title) line.appendChild(svg('title', {}, title));
      root.appendChild(line);
      if (label) root.appendChild(svg('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, class: 'link-label', 'text-anchor': 'middle' }, label));
    };
    const node = (x, yy, label, sub, cls) => {
      const g = svg('g', { class: 'node ' + cls });
      g.appendChild(svg('rect', { x: x - 52, y: yy - 20, width: 104, height: 40, rx: 6 }));
      g.appendChild(svg('text', { x: x, y: yy - 3, 'text-anchor': 'middle', class: 'node-label' }, label.length > 16 ? label.slice(0, 15) + '…' : label));
      g.appendChild(svg('text', { x: x, y: yy + 12, 'text-anchor': 'middle', class: 'node-sub' }, sub));
      g.appendChild(svg('title', {}, label));
      root.appendChild(g);
    };
    proxies.forEach((p) => {
      if (!p.node) return;
      link(col.clients + 52, clientsY, col.proxies - 52, proxyY.get(p.key),
        fmt.int(p.node.connections) + ' conn · ' + fmt.rate(p.node.msgsInPerSec), p.node.stale ? ' stale' : '');
    });
    model.edges.forEach((e) => {
      const p = e.proxy, a = e.app;
      const single = model.edges.filter((o) => o.proxy === p).length === 1;
      link(col.proxies + 52, proxyY.get(p.key), col.apps - 52, appY.get(a.id),
        single && p.node ? fmt.rate(p.node.msgsInPerSec) : '',
        (e.assumed ? ' assumed' : '') + ((p.node && p.node.stale) || a.stale ? ' stale' : ''),
        p.name + ' → ' + (a.name || a.id) + (e.assumed ? ' (assumed: not reported)' : ''));
    });
    apps.forEach((a) => {
      if (a.connections > 0 || proxies.length === 0) {
        root.appendChild(svg('path', {
          d: 'M' + (col.clients + 52) + ' ' + clientsY + ' Q ' + col.proxies + ' ' + (height - 4) + ' ' + (col.apps - 52) + ' ' + appY.get(a.id),
          class: 'link direct' + (a.stale ? ' stale' : '')
        }));
        root.appendChild(svg('text', { x: col.proxies, y: height - 8, 'text-anchor': 'middle', class: 'link-label' },
          'direct: ' + fmt.int(a.connections) + ' conn'));
      }
    });
    const totalConnections = nodes.reduce((sum, n) => sum + n.connections, 0);
    node(col.clients, clientsY, 'Clients', fmt.int(totalConnections) + ' conn', 'clients');
    proxies.forEach((p) => node(col.proxies, proxyY.get(p.key), p.name,
      p.node ? 'proxy' + (p.node.stale ? ' · stale' : '') : 'proxy · no tap', p.node ? 'proxy' : 'proxy untapped'));
    apps.forEach((a) => node(col.apps, appY.get(a.id), a.name || a.id, 'app' + (a.stale ? ' · stale' : ''), 'app'));
    if (!nodes.length) root.appendChild(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'node-sub' }, 'No nodes yet'));
    box.appendChild(root);
    box.appendChild(linkList(apps, model.edges));
  }

  /**
   * Proxies (tapped ones, then those only named in links, by their first app server) and app
   * servers, and the edges between them: reported links, or every proxy for an app server that
   * does not report its links.
   */
  function topologyModel(nodes) {
    const apps = nodes.filter((n) => n.role !== 'proxy');
    const proxies = [];
    const byKey = new Map();
    const proxy = (key, name, n) => {
      let p = byKey.get(key);
      if (!p) {
        p = { key: key, name: name, node: n, order: Infinity };
        byKey.set(key, p);
        proxies.push(p);
      }
      return p;
    };
    nodes.filter((n) => n.role === 'proxy').forEach((n) => proxy('node:' + n.id, n.name || n.id, n));
    const tapped = proxies.slice();
    const edges = [];
    apps.forEach((a, i) => {
      const reported = Array.isArray(a.links);
      const linked = reported
        ? a.links.filter((l) => l.role === 'proxy').map((l) => l.node && byKey.has('node:' + l.node)
          ? byKey.get('node:' + l.node) : proxy('name:' + l.name, l.name, null))
        : tapped;
      for (const p of new Set(linked)) {
        edges.push({ proxy: p, app: a, assumed: !reported });
        p.order = Math.min(p.order, i);
      }
    });
    // Near their app servers, so the links cross less; stable otherwise.
    proxies.sort((x, z) => x.order - z.order);
    return { proxies: proxies, apps: apps, edges: edges };
  }

  /** The same links as text, one line per app server (and what the picture cannot show clearly). */
  function linkList(apps, edges) {
    const list = el('ul', { className: 'topology-links small muted' });
    for (const a of apps) {
      const mine = edges.filter((e) => e.app === a);
      const names = mine.map((e) => e.proxy.name + (e.proxy.node ? '' : ' (no tap)')).join(', ');
      const what = !Array.isArray(a.links) ? (names ? names + ' (assumed: links not reported)' : 'links not reported')
        : names || 'no proxy linked';
      list.appendChild(el('li', { 'data-node': a.id }, (a.name || a.id) + ' ← ' + what));
    }
    return list;
  }
})();
