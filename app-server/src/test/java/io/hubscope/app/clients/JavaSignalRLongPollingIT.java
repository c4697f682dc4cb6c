package io.hubscope.app.clients;

import com.microsoft.signalr.TransportEnum;

/**
 * The official Java client (com.microsoft.signalr 9.0.3) over Long Polling, every case of
 * {@link JavaSignalRClientIT}. The client has no Server-Sent Events transport ({@link TransportEnum}
 * is {@code ALL}, {@code WEBSOCKETS}, {@code LONG_POLLING}).
 */
class JavaSignalRLongPollingIT extends JavaSignalRClientIT {

  @Override
  TransportEnum transport() {
    return TransportEnum.LONG_POLLING;
  }

  @Override
  String expectedTransport() {
    return "LongPolling";
  }
}
