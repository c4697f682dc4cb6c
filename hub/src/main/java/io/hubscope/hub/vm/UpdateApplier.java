package io.hubscope.hub.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies client data ({@code $vmArg} or {@code Update_VM}) to a view model, in two phases: every
 * value is resolved and converted first, so a bad value changes nothing; then property writes are
 * applied under the view model's lock and commands run (without it) in the order sent.
 * Paths: {@code Prop}, {@code Prop.Member..} (patches the value), {@code List.$key} and
 * {@code List.$key.Member..} (patch one item), {@code Command}.
 */
final class UpdateApplier {

  private sealed interface Step permits SetValue, Patch, PatchItem, ReplaceList, Invoke {}

  private record SetValue(Property<?> property, Object value) implements Step {}

  private record Patch(Property<?> property, String path, List<String> members, JsonNode value) implements Step {}

  private record PatchItem(ListProperty<?> list, String path, String key, List<String> members, JsonNode value)
      implements Step {}

  private record ReplaceList(ListProperty<?> list, List<?> items) implements Step {}

  private record Invoke(Command command, Object arg) implements Step {}

  private UpdateApplier() {}

  /**
   * Applies {@code data}; client-set values go to {@code clientInput} (null: drop) rather than the
   * view model's pending changes, so they are not echoed to the client that sent them.
   */
  static void apply(BaseVM vm, JsonNode data, VMContext caller, ChangeSet clientInput) {
    if (data == null || data.isNull() || data.isMissingNode()) return;
    if (!data.isObject()) throw new VMArgumentException("view-model data must be a JSON object", null);
    List<Step> steps = new ArrayList<>();
    List<Map.Entry<String, JsonNode>> unresolved = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : data.properties()) {
      Step step = resolve(vm, entry.getKey(), entry.getValue());
      if (step != null) steps.add(step);
      else unresolved.add(entry);
    }
    synchronized (vm.lock) {
      for (Step step : steps) {
        if (!write(step, clientInput) && step instanceof PatchItem patch) {
          unresolved.add(Map.entry(patch.path(), patch.value()));
        }
      }
    }
    // View-model code runs outside the lock, after the writes it may depend on.
    for (Map.Entry<String, JsonNode> entry : unresolved) vm.onUnresolvedUpdate(entry.getKey(), entry.getValue());
    for (Step step : steps) {
      if (step instanceof Invoke invoke) invoke.command().action().accept(caller, invoke.arg());
    }
  }

  private static Step resolve(BaseVM vm, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    Object member = vm.member(parts[0]);
    if (parts.length == 1) {
      Command command = vm.command(parts[0]);
      if (command != null) return new Invoke(command, command.convert(value));
      if (member instanceof Property<?> property) return new SetValue(property, convert(path, value, property));
      if (member instanceof ListProperty<?> list && list.itemType() != null) {
        return new ReplaceList(list, convertList(path, value, list));
      }
      return null;
    }
    List<String> rest = List.of(parts).subList(1, parts.length);
    if (member instanceof Property<?> property && !isScalar(property.type().getRawClass())) {
      // Dry run on the current value so that a bad value fails before anything is applied.
      convert(path, patched(property.get(), rest, value), property);
      return new Patch(property, path, rest, value);
    }
    if (member instanceof ListProperty<?> list && rest.get(0).startsWith("$")) {
      String key = rest.get(0).substring(1);
      List<String> members = rest.subList(1, rest.size());
      Object item = list.find(key).orElse(null);
      if (item != null) convert(path, patched(item, members, value), item.getClass()); // dry run, as above
      return new PatchItem(list, path, key, members, value);
    }
    return null;
  }

  /** Applies a write step; false when the list item it addresses does not exist. */
  private static boolean write(Step step, ChangeSet clientInput) {
    if (step instanceof SetValue set) {
      set.property().setFromClient(set.value(), clientInput);
    } else if (step instanceof Patch patch) {
      JsonNode tree = patched(patch.property().get(), patch.members(), patch.value());
      patch.property().setFromClient(convert(patch.path(), tree, patch.property()), clientInput);
    } else if (step instanceof PatchItem patch) {
      ListProperty<?> list = patch.list();
      Object item = list.itemForClient(patch.key());
      if (item == null) return false;
      JsonNode tree = patched(item, patch.members(), patch.value());
      list.replaceFromClient(patch.key(), convert(patch.path(), tree, item.getClass()), clientInput);
    } else if (step instanceof ReplaceList replace) {
      replace.list().replaceAllFromClient(replace.items(), clientInput);
    }
    return true;
  }

  /** Values without members: a path into one cannot resolve. */
  private static boolean isScalar(Class<?> type) {
    return type.isPrimitive() || type.isEnum() || type == String.class || type == Boolean.class
        || type == Character.class || Number.class.isAssignableFrom(type)
        || java.time.temporal.Temporal.class.isAssignableFrom(type);
  }

  /** The value as a tree with {@code value} set at {@code members} (missing objects created). */
  private static JsonNode patched(Object current, List<String> members, JsonNode value) {
    if (members.isEmpty()) return value;
    JsonNode tree = current == null ? null : VMJson.mapper().valueToTree(current);
    ObjectNode root = tree != null && tree.isObject() ? (ObjectNode) tree : VMJson.mapper().createObjectNode();
    ObjectNode node = root;
    for (String member : members.subList(0, members.size() - 1)) {
      JsonNode child = node.get(member);
      node = child != null && child.isObject() ? (ObjectNode) child : node.putObject(member);
    }
    node.set(members.get(members.size() - 1), value);
    return root;
  }

  private static Object convert(String path, JsonNode value, Property<?> property) {
    try {
      return VMJson.convert(value, property.type());
    } catch (RuntimeException e) {
      throw invalid(path, property.type().getRawClass(), e);
    }
  }

  private static Object convert(String path, JsonNode value, Class<?> type) {
    try {
      return VMJson.convert(value, VMJson.mapper().constructType(type));
    } catch (RuntimeException e) {
      throw invalid(path, type, e);
    }
  }

  private static List<?> convertList(String path, JsonNode value, ListProperty<?> list) {
    try {
      return (List<?>) VMJson.convert(value,
          VMJson.mapper().getTypeFactory().constructCollectionType(List.class, list.itemType()));
    } catch (RuntimeException e) {
      throw invalid(path, List.class, e);
    }
  }

  private static VMArgumentException invalid(String path, Class<?> type, RuntimeException e) {
    return new VMArgumentException("Invalid value for '" + path + "' (expected " + type.getSimpleName()
        + "): " + VMJson.shortMessage(e), e);
  }
}
