package io.hubscope.observer.groups;

import io.hubscope.observer.connections.ConnectionView;
import io.hubscope.observer.system.Page;
import io.hubscope.observer.system.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Groups and view models across the nodes, and their members. */
@RestController
@RequestMapping("/api/v1")
class GroupController {

  private final GroupViews views;

  GroupController(GroupViews views) {
    this.views = views;
  }

  @GetMapping("/groups")
  Page<GroupRow> groups(@RequestParam(required = false) String q, @RequestParam(required = false) String sort,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return views.groups(q, sort, page, size).get();
  }

  @GetMapping("/viewmodels")
  Page<GroupRow> viewModels(@RequestParam(required = false) String q, @RequestParam(required = false) String sort,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return views.viewModels(q, sort, page, size).get();
  }

  @GetMapping("/groups/{group}/members")
  Page<ConnectionView> groupMembers(@PathVariable String group, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return views.members(GroupKind.GROUP, group, Params.within("page", page, 0, 0, 1_000_000),
        Params.within("size", size, 50, 1, 500));
  }

  @GetMapping("/viewmodels/{vmId}/members")
  Page<ConnectionView> viewModelMembers(@PathVariable String vmId, @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return views.members(GroupKind.VIEW_MODEL, vmId, Params.within("page", page, 0, 0, 1_000_000),
        Params.within("size", size, 50, 1, 500));
  }
}
