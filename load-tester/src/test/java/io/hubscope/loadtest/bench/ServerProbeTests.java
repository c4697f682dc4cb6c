package io.hubscope.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerProbeTests {

  @Test
  void allocatedBytes_areMicrometersCounterPlusTheEdenInUse() {
    String prometheus = """
        # TYPE jvm_gc_memory_allocated_bytes_total counter
        jvm_gc_memory_allocated_bytes_total{application="app-server"} 1.32382696E8
        jvm_memory_used_bytes{application="app-server",area="heap",id="PS Eden Space"} 4.2886128E7
        jvm_memory_used_bytes{application="app-server",area="heap",id="PS Old Gen"} 9.0E7
        jvm_memory_used_bytes{application="app-server",area="nonheap",id="Metaspace"} 7.0E7
        """;

    assertThat(ServerProbe.allocatedBytes(prometheus)).isEqualTo(1.32382696E8 + 4.2886128E7);
  }

  @Test
  void allocatedBytes_takeAnExactTotalAsItIs() {
    assertThat(ServerProbe.allocatedBytes("jvm_gc_memory_allocated_bytes_total 123456\n")).isEqualTo(123456);
  }

  @Test
  void allocatedBytes_areNotANumberWithoutTheCounter() {
    assertThat(ServerProbe.allocatedBytes("jvm_memory_used_bytes{area=\"heap\",id=\"PS Eden Space\"} 5.0\n")).isNaN();
    assertThat(ServerProbe.allocatedBytes("")).isNaN();
  }
}
