// The demo page: the official @microsoft/signalr browser client speaking dotNetify's hub methods.
// Every server-provided string is set with textContent, never as HTML.
(function () {
  'use strict';
  const room = 'Lobby';
  const views = {};
  const el = (id) => document.getElementById(id);

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/dotnetify')
    .withAutomaticReconnect([0, 2000, 5000, 10000])
    .build();

  connection.on('Response_VM', (args) => {
    const vmId = args[0];
    const data = JSON.parse(args[1]);
    const view = views[vmId];
    if (data.ExceptionType) { console.warn(vmId, data.Message); return; }
    if (view) view(data);
  });

  const stockRows = new Map();
  views.StockTicker = (data) => {
    const stocks = data.Stocks || [];
    const body = document.querySelector('#stocks tbody');
    for (const s of stocks) {
      let row = stockRows.get(s.Symbol);
      if (!row) {
        row = document.createElement('tr');
        for (let i = 0; i < 3; i++) row.appendChild(document.createElement('td'));
        row.cells[1].className = row.cells[2].className = 'num';
        row.cells[0].textContent = s.Symbol;
        body.appendChild(row);
        stockRows.set(s.Symbol, row);
      }
      row.cells[1].textContent = Number(s.Price).toFixed(2);
      row.cells[2].textContent = (s.Change >= 0 ? '+' : '') + Number(s.Change).toFixed(2);
      row.cells[2].classList.toggle('up', s.Change >= 0);
      row.cells[2].classList.toggle('down', s.Change < 0);
      row.dataset.price = s.Price;
    }
  };

  const addMessage = (m) => {
    const list = el('messages');
    const item = document.createElement('li');
    const sender = document.createElement('span');
    sender.className = 'sender';
    sender.textContent = m.SenderId;
    const text = document.createElement('span');
    text.textContent = m.Text || '';
    item.append(sender, text);
    list.appendChild(item);
    while (list.children.length > 100) list.removeChild(list.firstChild);
    list.scrollTop = list.scrollHeight;
  };
  views.ChatRoomVM = (data) => {
    (data.Messages || []).forEach(addMessage);
    (data.Messages_add ? [].concat(data.Messages_add) : []).forEach(addMessage);
  };

  let sequence = 0;
  el('chat-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = el('chat-text');
    const message = {
      MessageId: connection.connectionId + ':' + (++sequence),
      SenderId: el('chat-name').value,
      Text: text.value,
      Time: Date.now(),
      Sequence: sequence
    };
    connection.invoke('Update_VM', 'ChatRoomVM', { SendMessage: message }).catch((err) => console.warn(err));
    text.value = '';
  });

  const setStatus = (text, cls) => {
    const s = el('status');
    s.textContent = text;
    s.className = 'status ' + cls;
  };

  const requestAll = async () => {
    el('connection-id').textContent = connection.connectionId || '–';
    await connection.invoke('Request_VM', 'StockTicker', {});
    await connection.invoke('Request_VM', 'ChatRoomVM', { $vmArg: { ChatRoom: room } });
  };

  connection.onreconnecting(() => setStatus('reconnecting…', 'down'));
  connection.onreconnected(() => { setStatus('live', 'live'); requestAll(); });
  connection.onclose((err) => setStatus('disconnected' + (err ? ': ' + err.message : ''), 'down'));

  // HelloWorld goes through dotNetify's client (its own connection on the same hub).
  let hello = {};
  const dotNetify = dotnetify.default || dotnetify; // the UMD build exports the client as default
  const helloVM = dotNetify.connect('HelloWorld', {
    getState: () => hello,
    setState: (state) => {
      hello = Object.assign({}, hello, state);
      if (hello.Greeting !== undefined) el('greeting').textContent = hello.Greeting;
      if (hello.ServerTime !== undefined) el('server-time').textContent = hello.ServerTime;
    }
  });
  el('hello-form').addEventListener('submit', (e) => {
    e.preventDefault();
    helloVM.$dispatch({ Submit: { FirstName: el('first-name').value, LastName: el('last-name').value } });
  });

  connection.start()
    .then(() => { setStatus('live', 'live'); return requestAll(); })
    .catch((err) => setStatus('failed: ' + err.message, 'down'));
})();
