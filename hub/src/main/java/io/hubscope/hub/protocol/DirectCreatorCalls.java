package io.hubscope.hub.protocol;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedWithParams;
import tools.jackson.databind.module.SimpleModule;

/**
 * Calls a type's creator with arguments (a record's canonical constructor, a {@code @JsonCreator})
 * through plain reflection. Jackson 3.1 calls it with {@code MethodHandle.invokeWithArguments},
 * which builds a spreader and interns method types on every call: under the echo load that was 4%
 * of the app server's CPU for one small record per message. Errors are reported as Jackson reports
 * them; whatever reflection cannot call (an inaccessible creator) goes Jackson's own way.
 */
final class DirectCreatorCalls extends SimpleModule {

  DirectCreatorCalls() {
    super("hubscope-direct-creator-calls");
  }

  @Override
  public void setupModule(SetupContext context) {
    super.setupModule(context);
    context.addValueInstantiators(new ValueInstantiators.Base() {
      @Override
      public ValueInstantiator modifyValueInstantiator(DeserializationConfig config,
          BeanDescription.Supplier beanDescRef, ValueInstantiator defaultInstantiator) {
        if (defaultInstantiator.getClass() != StdValueInstantiator.class) return defaultInstantiator;
        StdValueInstantiator std = (StdValueInstantiator) defaultInstantiator;
        Member creator = callable(std.getWithArgsCreator());
        return creator == null ? std : new Direct(std, creator);
      }
    });
  }

  /** The creator as a reflective member this module can call, or null to leave it to Jackson. */
  private static Member callable(AnnotatedWithParams creator) {
    if (creator == null) return null;
    Member member = creator.getMember();
    if (member instanceof Constructor<?>) return member;
    if (member instanceof Method method && Modifier.isStatic(method.getModifiers())) return member;
    return null;
  }

  private static final class Direct extends StdValueInstantiator {
    private final Constructor<?> constructor;
    private final Method factory;

    Direct(StdValueInstantiator src, Member creator) {
      super(src);
      this.constructor = creator instanceof Constructor<?> c ? c : null;
      this.factory = creator instanceof Method m ? m : null;
    }

    @Override
    public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) {
      try {
        return constructor != null ? constructor.newInstance(args) : factory.invoke(null, args);
      } catch (InvocationTargetException e) {
        // As Jackson does: an Error from the creator propagates, anything else is wrapped.
        if (e.getCause() instanceof Error error) throw error;
        return ctxt.handleInstantiationProblem(_valueClass, args, rewrapCtorProblem(ctxt, e));
      } catch (ReflectiveOperationException | IllegalArgumentException notCalled) {
        // Refused before the creator ran (access, argument types): Jackson's way reports it.
        return super.createFromObjectWith(ctxt, args);
      }
    }
  }
}
