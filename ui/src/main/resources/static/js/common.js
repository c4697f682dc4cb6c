/* Hubscope dashboard helpers. Every user-controlled string goes through textContent. */
(function () {
  'use strict';

  const HS = {};

  /** Creates an element; string children become text nodes, never HTML. */
  HS.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'className') node.className = value;
        else node.setAttribute(key, String(value));
      }
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number'
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  };

  HS.svg = function (tag, attrs, text) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = String(text);
    return node;
  };

  HS.clear = function (node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  };

  HS.text = function (id, value) {
    const node = document.getElementById(id);
    if (node) node.textContent = value;
  };

  const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  const nf0 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

  HS.fmt = {
    int: (n) => nf0.format(n || 0),
    num: (n) => {
      n = n || 0;
      if (Math.abs(n) >= 1e9) return nf.format(n / 1e9) + ' G';
      if (Math.abs(n) >= 1e6) return nf.format(n / 1e6) + ' M';
      if (Math.abs(n) >= 1e4) return nf.format(n / 1e3) + ' k';
      return nf.format(n);
    },
    rate: (n) => HS.fmt.num(n) + '/s',
    bytes: (n) => {
      n = n || 0;
      const units = ['B', 'KB', 'MB', 'GB', 'TB'];
      let i = 0;
      while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
      return nf.format(n) + ' ' + units[i];
    },
    byteRate: (n) => HS.fmt.bytes(n) + '/s',
    /** "1 app server", "2 app servers", "0 app servers": a count with its noun in the right number. */
    count: (n, one, many) => HS.fmt.int(n) + ' ' + (n === 1 ? one : many),
    /** A process's resident set size; 0 is what the observer says when the tap did not report it. */
    rss: (n) => n > 0 ? HS.fmt.bytes(n) : '–',
    /** Heap used of max; a JVM without a maximum reports -1. */
    heap: (h) => HS.fmt.bytes(h.heapUsed) + (h.heapMax > 0 ? ' of ' + HS.fmt.bytes(h.heapMax) : ''),
    pct: (x) => (x === null || x === undefined || isNaN(x)) ? '–' : nf.format(x * 100) + ' %',
    duration: (ms) => {
      let s = Math.max(0, Math.floor(ms / 1000));
      const d = Math.floor(s / 86400); s -= d * 86400;
      const h = Math.floor(s / 3600); s -= h * 3600;
      const m = Math.floor(s / 60); s -= m * 60;
      if (d) return d + ' d ' + h + ' h';
      if (h) return h + ' h ' + m + ' min';
      if (m) return m + ' min ' + s + ' s';
      return s + ' s';
    },
    ago: (ts) => ts ? HS.fmt.duration(Date.now() - ts) + ' ago' : '–',
    time: (ts) => ts ? new Date(ts).toLocaleTimeString() : '–',
    dateTime: (ts) => ts ? new Date(ts).toLocaleString() : '–'
  };

  /** Browser and OS from a user agent, for display; the raw text goes in a title attribute. */
  HS.parseUA = function (ua) {
    if (!ua) return { browser: 'unknown', os: '' };
    const pick = (rules) => { for (const [re, name] of rules) { const m = ua.match(re); if (m) return name + (m[1] ? ' ' + m[1] : ''); } return null; };
    const browser = pick([
      [/Edg\/(\d+)/, 'Edge'], [/OPR\/(\d+)/, 'Opera'], [/Firefox\/(\d+)/, 'Firefox'],
      [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'], [/Version\/(\d+)[^ ]* Safari/, 'Safari'],
      [/okhttp\/([\d.]+)/i, 'OkHttp'], [/Java\/([\d.]+)/, 'Java'], [/signalr[-/ ]?([\w.]*)/i, 'SignalR client'],
      [/node(?:\.js)?\/?v?([\d.]*)/i, 'Node.js'], [/curl\/([\d.]+)/, 'curl']
    ]) || ua.split(/[ /]/)[0].slice(0, 40);
    const os = pick([
      [/Windows NT (\d+\.\d+)/, 'Windows'], [/Android (\d+)/, 'Android'], [/iPhone OS (\d+)/, 'iOS'],
      [/Mac OS X (\d+[._]\d+)/, 'macOS'], [/CrOS/, 'ChromeOS'], [/Linux/, 'Linux']
    ]) || '';
    return { browser: browser, os: os.replace('_', '.') };
  };

  /** A payload pretty-printed when it is JSON (dotNetify nests JSON in strings: unwrapped once). */
  HS.pretty = function (payload) {
    if (payload === null || payload === undefined) return '(payload not sampled)';
    try {
      const value = JSON.parse(payload);
      const unwrap = (v) => {
        if (typeof v === 'string' && /^\s*[{[]/.test(v)) { try { return JSON.parse(v); } catch (e) { return v; } }
        if (Array.isArray(v)) return v.map(unwrap);
        return v;
      };
      return JSON.stringify(unwrap(value), null, 2);
    } catch (e) {
      return payload;
    }
  };

  HS.query = function (params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
    const s = q.toString();
    return s ? '?' + s : '';
  };

  /** "Page n of m · label" in #ids.info, and Previous/Next enabled as a page {page, size, total} allows. */
  HS.pagerInfo = function (ids, page, label) {
    const pages = Math.max(1, Math.ceil(page.total / page.size));
    HS.text(ids.info, 'Page ' + (page.page + 1) + ' of ' + pages + (label ? ' · ' + label : ''));
    document.getElementById(ids.prev).disabled = page.page === 0;
    document.getElementById(ids.next).disabled = page.page + 1 >= pages;
  };

  /**
   * A table's sort headers (th[data-sort]): a click sorts by its column (descending first, ids
   * ascending), a second click flips the direction; then onChange(). Returns the function that
   * marks the sorted header, for after each change.
   */
  HS.sortHeaders = function (table, state, onChange) {
    const headers = table.querySelectorAll('th[data-sort]');
    headers.forEach((th) => th.addEventListener('click', () => {
      if (state.sort === th.dataset.sort) state.dir = state.dir === 'desc' ? 'asc' : 'desc';
      else { state.sort = th.dataset.sort; state.dir = th.dataset.sort === 'id' ? 'asc' : 'desc'; }
      state.page = 0;
      onChange();
    }));
    return function () {
      headers.forEach((th) => {
        th.classList.toggle('sorted', th.dataset.sort === state.sort);
        th.dataset.dir = th.dataset.sort === state.sort ? state.dir : '';
      });
    };
  };

  /** The live/stale indicator: live while snapshots keep arriving. */
  const indicator = { last: 0 };
  setInterval(function () {
    const node = document.getElementById('live-indicator');
    if (!node) return;
    if (indicator.off) { node.hidden = true; return; }
    const live = Date.now() - indicator.last < 3500;
    node.classList.toggle('stale', !live);
    node.classList.toggle('ok', live);
    node.textContent = live ? 'live' : (indicator.last ? 'stale' : 'connecting');
  }, 500);

  /** For pages without a live stream: hides the indicator. */
  HS.notLive = function () { indicator.off = true; };

  /**
   * Subscribes to an SSE stream with reconnect: EventSource retries by itself on network errors,
   * and a closed stream (e.g. a 401 after the session expired) is reopened with a backoff.
   */
  HS.live = function (url, onData) {
    let source = null;
    let delay = 1000;
    let stopped = false;
    const open = function () {
      if (stopped) return;
      source = new EventSource(url);
      const handle = function (event) {
        indicator.last = Date.now();
        delay = 1000;
        const node = document.getElementById('live-indicator');
        if (node && !indicator.off) { node.classList.remove('stale'); node.classList.add('ok'); node.textContent = 'live'; }
        onData(JSON.parse(event.data));
      };
      ['summary', 'throughput', 'connections', 'connection', 'nodes', 'messages', 'message', 'groups', 'viewmodels']
        .forEach((name) => source.addEventListener(name, handle));
      source.onerror = function () {
        if (source.readyState === EventSource.CLOSED) {
          checkSession();
          setTimeout(open, delay);
          delay = Math.min(delay * 2, 15000);
        }
      };
    };
    open();
    return { close: function () { stopped = true; if (source) source.close(); } };
  };

  function checkSession() {
    fetch('/api/v1/summary', { headers: { 'X-Requested-With': 'fetch' }, credentials: 'same-origin' })
      .then((r) => { if (r.status === 401) window.location.assign('/login'); })
      .catch(() => {});
  }

  HS.getJson = function (url) {
    return fetch(url, { headers: { 'X-Requested-With': 'fetch', Accept: 'application/json' }, credentials: 'same-origin' })
      .then((r) => {
        if (r.status === 401) { window.location.assign('/login'); throw new Error('logged out'); }
        return r.json().then((body) => { if (!r.ok) throw new Error(body.detail || body.message || r.statusText); return body; });
      });
  };

  const meta = (name) => { const m = document.querySelector('meta[name="' + name + '"]'); return m ? m.content : null; };

  /** Admins see action controls; the API refuses a viewer's actions anyway (403). */
  HS.isAdmin = meta('hubscope-role') === 'admin';

  /**
   * POSTs an operator action with the session's CSRF token. Resolves with {ok, status, body};
   * body is the API's answer: the nodes' result, or a problem detail.
   */
  HS.action = function (url, body) {
    const headers = { 'X-Requested-With': 'fetch', Accept: 'application/json', 'Content-Type': 'application/json' };
    const csrfHeader = meta('hubscope-csrf-header');
    if (csrfHeader) headers[csrfHeader] = meta('hubscope-csrf');
    return fetch(url, { method: 'POST', headers: headers, credentials: 'same-origin', body: JSON.stringify(body || {}) })
      .then((r) => {
        if (r.status === 401) { window.location.assign('/login'); throw new Error('logged out'); }
        return r.json().catch(() => ({})).then((b) => ({ ok: r.ok, status: r.status, body: b }));
      });
  };

  /** One line for an action's outcome, as text. */
  HS.actionOutcome = function (res) {
    if (res.ok) return 'Done: ' + (res.body.detail || 'ok') + ' (' + HS.fmt.count(res.body.affected, 'connection', 'connections') + ')';
    return 'Refused (' + res.status + '): ' + (res.body.detail || res.body.title || 'error');
  };

  /**
   * The in-page confirmation step of every action: shows what will happen (each fact as text)
   * and resolves true on Confirm, false on Cancel or Escape.
   */
  HS.confirm = function (title, facts, confirmLabel) {
    const dialog = document.getElementById('confirm-dialog');
    document.getElementById('confirm-title').textContent = title;
    const dl = HS.clear(document.getElementById('confirm-facts'));
    for (const [key, value] of facts) {
      dl.appendChild(HS.el('dt', { text: key }));
      dl.appendChild(HS.el('dd', { text: value }));
    }
    const ok = document.getElementById('confirm-ok');
    const cancel = document.getElementById('confirm-cancel');
    ok.textContent = confirmLabel || 'Confirm';
    dialog.hidden = false;
    cancel.focus();
    return new Promise((resolve) => {
      const done = (answer) => {
        dialog.hidden = true;
        ok.removeEventListener('click', yes);
        cancel.removeEventListener('click', no);
        document.removeEventListener('keydown', key);
        resolve(answer);
      };
      const yes = () => done(true);
      const no = () => done(false);
      const key = (e) => { if (e.key === 'Escape') done(false); };
      ok.addEventListener('click', yes);
      cancel.addEventListener('click', no);
      document.addEventListener('keydown', key);
    });
  };

  /** Confirms, then runs the action and shows its outcome in {@code output} (as text). */
  HS.confirmedAction = function (title, facts, confirmLabel, url, body, output) {
    return HS.confirm(title, facts, confirmLabel).then((yes) => {
      if (!yes) { output.textContent = 'Cancelled.'; output.className = 'action-result muted'; return null; }
      output.textContent = 'Sending…';
      output.className = 'action-result muted';
      return HS.action(url, body).then((res) => {
        output.textContent = HS.actionOutcome(res);
        output.className = 'action-result ' + (res.ok ? 'ok' : 'bad');
        return res;
      }).catch((e) => { output.textContent = 'Failed: ' + e.message; output.className = 'action-result bad'; });
    });
  };

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  /** A uPlot time-series chart that follows its container's width. */
  HS.chart = function (container, series, opts) {
    opts = opts || {};
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
    const colors = [cssVar('--c1'), cssVar('--c2'), cssVar('--c3'), cssVar('--c4')];
    const plot = new uPlot({
      width: Math.max(200, container.clientWidth),
      height: opts.height || 220,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // A fixed window keeps sparse data (a node that just appeared) from stretching the axis.
        x: opts.windowSeconds ? { time: true, range: () => { const now = Date.now() / 1000; return [now - opts.windowSeconds, now]; } } : { time: true },
        y: { range: (u, min, max) => [0, Math.max(opts.minMax || 1, (max || 0) * 1.1)] }
      },
      axes: [axis, Object.assign({ values: (u, ticks) => ticks.map(opts.format || HS.fmt.num), size: 72 }, axis)],
      // The legend names the hovered second, not just its minute: the series are per second.
      series: [{ value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' }].concat(series.map((s, i) => ({
        label: s.label, stroke: s.color || colors[i % colors.length], width: 1.5,
        fill: s.fill ? (s.color || colors[i % colors.length]) + '22' : undefined,
        value: (u, v) => v === null || v === undefined ? '–' : (opts.format || HS.fmt.num)(v)
      })))
    }, [[]].concat(series.map(() => [])), container);
    new ResizeObserver(() => {
      const width = Math.max(200, container.clientWidth);
      if (width !== plot.width) plot.setSize({ width: width, height: opts.height || 220 });
    }).observe(container);
    return plot;
  };

  window.HS = HS;
})();
