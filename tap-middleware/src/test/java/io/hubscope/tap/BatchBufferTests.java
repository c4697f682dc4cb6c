package io.hubscope.tap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchBufferTests {

  @Test
  void keepsItsArrayFromBatchToBatch_andLetsGoOfOneGrownPastTwiceTheUsualSize() {
    BatchBuffer buffer = new BatchBuffer();
    byte[] batch = new byte[40_000];
    Arrays.fill(batch, (byte) 'x');
    buffer.write(batch, 0, batch.length);
    buffer.write('!');
    assertThat(buffer.size()).isEqualTo(40_001);
    assertThat(buffer.array()[40_000]).isEqualTo((byte) '!');
    byte[] grown = buffer.array();

    buffer.reset(256 * 1024); // a usual batch may be this large: the array stays
    assertThat(buffer.size()).isZero();
    assertThat(buffer.array()).isSameAs(grown);

    buffer.write(new byte[600_000], 0, 600_000); // a resync chunk past twice the usual size
    buffer.reset(256 * 1024);
    assertThat(buffer.array().length).isLessThan(600_000);
    buffer.write(new byte[] {1, 2, 3}, 1, 2);
    assertThat(Arrays.copyOf(buffer.array(), buffer.size())).containsExactly(2, 3);
  }
}
