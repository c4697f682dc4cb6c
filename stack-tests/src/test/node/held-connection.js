// An official npm @microsoft/signalr client that holds its connection until the server closes it.
// The packages are app-server's (its pinned package-lock.json, installed by its build's npm ci),
// found through NODE_PATH. Arguments: hub URL, package name, view model to request, User-Agent.
// It prints one JSON line per event for the Java test: {"connected", "transport", "vm"} once the
// view model answered, then {"closed"} with the close error's message (null for none), and exits.
const url = process.argv[2];
const signalR = require(process.argv[3] || '@microsoft/signalr');
const vmId = process.argv[4] || 'HelloWorld';
const userAgent = process.argv[5] || 'HubscopeHeldConnection/1.0';

const print = (line) => console.log(JSON.stringify(line));
// Never outlive a test that forgot it.
setTimeout(() => {
  print({ fatal: 'still open after 5 minutes' });
  process.exit(2);
}, 300000).unref();

(async () => {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url, { headers: { 'User-Agent': userAgent } })
    .configureLogging(signalR.LogLevel.Error)
    .build();
  const answered = new Promise((resolve) => {
    connection.on('Response_VM', (args) => {
      if (args[0] === vmId) resolve(JSON.parse(args[1]));
    });
  });
  connection.onclose((error) => {
    print({ closed: error ? error.message : null });
    process.exit(0);
  });
  await connection.start();
  await connection.invoke('Request_VM', vmId, {});
  const vm = await answered;
  print({ connected: connection.connectionId, transport: connection.connection.transport.constructor.name, vm });
})().catch((e) => {
  print({ fatal: String(e) });
  process.exit(1);
});
