// Drives the app server with an official npm @microsoft/signalr client (from the demo page's
// node_modules: the package name is the second argument, so several versions can be checked) and
// prints one JSON line of what it saw; the Java test asserts on it. Optional third and fourth
// arguments force a transport (WebSockets, ServerSentEvents, LongPolling) and pick the hub
// protocol (json, messagepack).
const url = process.argv[2];
const signalR = require(process.argv[3] || '@microsoft/signalr');
const transport = process.argv[4];
const protocol = process.argv[5] || 'json';

(async () => {
  const seen = { responses: {}, echoSequences: [], errors: [] };
  const options = { headers: { 'User-Agent': 'HubscopeNodeClientCheck/1.0' } };
  if (transport) options.transport = signalR.HttpTransportType[transport];
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(url, options)
    .configureLogging(signalR.LogLevel.Error);
  if (protocol === 'messagepack') {
    const { MessagePackHubProtocol } = require('@microsoft/signalr-protocol-msgpack');
    builder.withHubProtocol(new MessagePackHubProtocol());
  }
  const connection = builder.build();
  connection.on('Response_VM', (args) => {
    const [vmId, json] = args;
    const data = JSON.parse(json);
    (seen.responses[vmId] = seen.responses[vmId] || []).push(data);
    if (vmId === 'EchoVM' && data.Ping) {
      seen.echoSequences.push(data.Ping.Sequence);
      if (data.Ping.ConnectionId !== connection.connectionId) seen.errors.push('misdelivered ping');
      connection.invoke('Update_VM', 'EchoVM', { Pong: data.Ping }).catch((e) => seen.errors.push(String(e)));
    }
  });
  await connection.start();
  seen.connectionId = connection.connectionId;
  seen.transport = connection.connection.transport.constructor.name;
  await connection.invoke('Request_VM', 'HelloWorld', {});
  await connection.invoke('Update_VM', 'HelloWorld', { Submit: { FirstName: 'Ada', LastName: 'Lovelace' } });
  await connection.invoke('Request_VM', 'EchoVM', { $vmArg: { PingInterval: 50 } });
  await new Promise((r) => setTimeout(r, 1200));
  await connection.invoke('Dispose_VM', 'EchoVM');
  await connection.invoke('Dispose_VM', 'HelloWorld');
  try {
    await connection.invoke('Request_VM', 'NoSuchVM', {});
  } catch (e) {
    seen.unknownError = e.message;
  }
  await connection.stop();
  console.log(JSON.stringify(seen));
})().catch((e) => {
  console.log(JSON.stringify({ fatal: String(e) }));
  process.exit(1);
});
