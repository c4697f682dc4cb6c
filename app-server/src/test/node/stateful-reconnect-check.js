// An official npm @microsoft/signalr client with withStatefulReconnect() subscribes to BroadcastVM
// (a tick every 50 ms), prints "CUT" after its first N ticks so that the Java test drops its TCP
// connection, keeps reading M more ticks, then prints one JSON line of what it saw.
// Arguments: hub URL, package name, N, M.
const url = process.argv[2];
const signalR = require(process.argv[3] || '@microsoft/signalr');
const before = Number(process.argv[4] || 20);
const after = Number(process.argv[5] || 40);

setTimeout(() => {
  console.log(JSON.stringify({ fatal: 'timed out' }));
  process.exit(2);
}, 30000).unref();

(async () => {
  const seen = { sequences: [], closed: null };
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url, { transport: signalR.HttpTransportType.WebSockets })
    .withStatefulReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.onclose((e) => { seen.closed = String(e); });
  const done = new Promise((resolve) => {
    connection.on('Response_VM', (args) => {
      const [vmId, json] = args;
      const data = JSON.parse(json);
      if (vmId !== 'BroadcastVM' || !data.Tick) return;
      // Ticks keep coming while the script disposes and stops (a round trip each, long on a loaded
      // machine): what it reports is the N + M it waited for, nothing after.
      if (seen.sequences.length === before + after) return;
      seen.sequences.push(data.Tick.Sequence);
      if (seen.sequences.length === before) console.log('CUT');
      if (seen.sequences.length === before + after) resolve();
    });
  });
  await connection.start();
  seen.connectionId = connection.connectionId;
  await connection.invoke('Request_VM', 'BroadcastVM', { $vmArg: { TickInterval: 50 } });
  await done;
  seen.connectionIdAfter = connection.connectionId;
  seen.stateAfter = connection.state;
  seen.closedBeforeStop = seen.closed;
  await connection.invoke('Dispose_VM', 'BroadcastVM'); // a call after the reconnect is answered
  await connection.stop();
  console.log(JSON.stringify(seen));
})().catch((e) => {
  console.log(JSON.stringify({ fatal: String(e) }));
  process.exit(1);
});
