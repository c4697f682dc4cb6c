package io.hubscope.observer.groups;

/** What the page lists: a connection's group, or the view models it holds. */
enum GroupKind {
  GROUP,
  VIEW_MODEL
}
