package io.hubscope.loadtest.cli;

import java.util.ArrayList;
import java.util.List;

/** Expands {@code --bind-address} values: plain addresses, and ranges like {@code 127.0.0.1-8}. */
final class BindAddresses {

  private BindAddresses() {}

  static List<String> expand(List<String> values) {
    List<String> addresses = new ArrayList<>();
    if (values == null) return addresses;
    for (String value : values) {
      String v = value.trim();
      int dash = v.lastIndexOf('-');
      int dot = v.lastIndexOf('.');
      if (dash > dot && dot > 0) {
        String prefix = v.substring(0, dot + 1);
        int from = octet(v.substring(dot + 1, dash), value);
        int to = octet(v.substring(dash + 1), value);
        if (to < from) throw new IllegalArgumentException("bind-address range runs backwards: " + value);
        for (int i = from; i <= to; i++) addresses.add(prefix + i);
      } else if (!v.isEmpty()) {
        addresses.add(v);
      }
    }
    return addresses;
  }

  private static int octet(String text, String value) {
    try {
      int octet = Integer.parseInt(text);
      if (octet < 0 || octet > 255) throw new NumberFormatException();
      return octet;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad bind-address range: " + value);
    }
  }
}
