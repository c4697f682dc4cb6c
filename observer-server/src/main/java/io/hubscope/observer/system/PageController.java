package io.hubscope.observer.system;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The dashboard's pages (templates from the ui module); their data comes from the API. */
@Controller
class PageController {

  /** The token for the login and logout forms; WebFlux resolves the Mono before rendering. */
  @ModelAttribute("_csrf")
  Mono<CsrfToken> csrf(ServerWebExchange exchange) {
    Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
    return token == null ? Mono.empty() : token;
  }

  /**
   * Whether the login may act (disconnect, send, drain): the pages show action controls to admins
   * only. The API checks the role itself; this only spares a viewer buttons that would be refused.
   */
  @ModelAttribute("admin")
  Mono<Boolean> admin(ServerWebExchange exchange) {
    return exchange.getPrincipal()
        .map(p -> p instanceof Authentication a
            && a.getAuthorities().stream().anyMatch(g -> "ROLE_ADMIN".equals(g.getAuthority())))
        .defaultIfEmpty(false);
  }

  @ModelAttribute("user")
  Mono<String> user(ServerWebExchange exchange) {
    return exchange.getPrincipal().map(p -> p.getName()).defaultIfEmpty("");
  }

  @GetMapping("/")
  String overview(Model model) {
    return page(model, "overview", "Overview");
  }

  @GetMapping("/connections")
  String connections(Model model) {
    return page(model, "connections", "Connections");
  }

  @GetMapping("/connections/{id}")
  String connection(@PathVariable String id, Model model) {
    model.addAttribute("connectionId", id);
    return page(model, "connection", "Connection");
  }

  @GetMapping("/messages")
  String messages(Model model) {
    return page(model, "messages", "Messages");
  }

  @GetMapping("/nodes")
  String nodes(Model model) {
    return page(model, "nodes", "Nodes");
  }

  @GetMapping("/history")
  String history(Model model) {
    return page(model, "history", "History");
  }

  @GetMapping("/audit")
  String audit(Model model) {
    return page(model, "audit", "Audit log");
  }

  @GetMapping("/groups")
  String groups(Model model) {
    return page(model, "groups", "Groups and view models");
  }

  @GetMapping("/login")
  String login() {
    return "login";
  }

  private static String page(Model model, String name, String title) {
    model.addAttribute("page", name);
    model.addAttribute("title", title);
    return name;
  }
}
