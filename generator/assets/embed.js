/* Statuspress status notice: shows a dismissible notice on your site while our status
   page reports a problem, and nothing at all while all is well. No dependencies.
   Include it with <script src="https://YOUR-STATUS-PAGE/embed.js" async></script>;
   embed.html beside this file documents it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) return;
  // The status site is wherever this file came from, so a sub-path works too.
  var base = new URL(".", script.src).href;
  var key = "statuspress-dismissed:" + base;
  var colours = { minor: "#8a5200", major: "#b34700", critical: "#b71c1c", maintenance: "#1a56a8" };
  // What the notice says, in the status site's language (the build writes them in).
  var texts = /*texts*/{
    status: "%(name)s status",
    open: "Open incident",
    other: "Open",
    more: ["and %(num)d more on the status page", "and %(num)d more on the status page"],
    page: "See the status page",
    dismiss: "Dismiss the %(name)s status notice",
    labels: { investigating: "Investigating", identified: "Identified", monitoring: "Monitoring" },
    descriptions: {}
  }/*texts*/;
  function say(text, values) {
    return text.replace(/%\((\w+)\)[sd]/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }
  var SHOWN = 3;

  function get(path) {
    return fetch(base + "api/v2/" + path, { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(path + ": HTTP " + response.status);
      return response.json();
    });
  }

  // Links come from our API; only http(s) ones are used, anything else goes to the page.
  function href(url) {
    return /^https?:\/\//i.test(url || "") ? url : base;
  }

  // Text only ever goes in with textContent, never as markup.
  function add(parent, tag, css, text) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    if (text) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function stored(value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      localStorage.setItem(key, value);
    } catch (e) {
      return null; // storage may be blocked; the notice then shows on every page
    }
  }

  function show(page, status, incidents, signature) {
    if (document.querySelector("[data-statuspress]")) return;
    var name = page.name || "Status";
    var host = document.createElement("div");
    host.setAttribute("data-statuspress", "");
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var box = add(root, "div", "");
    box.setAttribute("role", "status");
    box.setAttribute("aria-label", say(texts.status, { name: name }));
    document.body.insertBefore(host, document.body.firstChild);

    function dismiss() {
      host.remove();
      stored(signature);
    }

    // Filled after the empty live region is in the page, so screen readers announce it.
    setTimeout(function () {
      box.style.cssText =
        "position:fixed;z-index:2147483000;right:16px;bottom:16px;box-sizing:border-box;" +
        "max-width:min(26rem,calc(100vw - 32px));padding:12px 48px 12px 16px;" +
        "border-left:6px solid " + (colours[status.indicator] || "#555") + ";border-radius:4px;" +
        "background:#fff;color:#1f1f1f;box-shadow:0 2px 12px rgba(0,0,0,.3);" +
        "font:14px/1.45 system-ui,sans-serif;text-align:left";
      var link = "color:#0b57d0;text-decoration:underline";
      var description =
        status.indicator === "none"
          ? texts.open
          : texts.descriptions[status.indicator] || status.description;
      add(box, "strong", "display:block", name + ": " + description);
      incidents.slice(0, SHOWN).forEach(function (incident) {
        var line = add(box, "p", "margin:4px 0 0");
        add(line, "a", link, incident.name).href = href(incident.shortlink);
        var said = texts.labels[incident.status] || texts.other;
        line.appendChild(document.createTextNode(" (" + said + ")"));
      });
      var more = incidents.length - SHOWN;
      // The forms for one and for two: right for the languages shipped, not for all.
      var rest = more > 0 ? say(texts.more[more === 1 ? 0 : 1], { num: more }) : texts.page;
      if (more > 0 || !incidents.length) {
        add(add(box, "p", "margin:4px 0 0"), "a", link, rest).href = base;
      }
      var close = add(
        box,
        "button",
        "position:absolute;top:6px;right:6px;width:32px;height:32px;border:0;" +
          "border-radius:4px;background:none;color:#1f1f1f;font:20px/1 sans-serif;cursor:pointer",
        "\u00d7"
      );
      close.type = "button";
      close.setAttribute("aria-label", say(texts.dismiss, { name: name }));
      close.addEventListener("click", dismiss);
      box.addEventListener("keydown", function (event) {
        if (event.key === "Escape") dismiss();
      });
    }, 50);
  }

  Promise.all([get("status.json"), get("incidents/unresolved.json")])
    .then(function (data) {
      var status = data[0].status || {};
      var incidents = data[1].incidents || [];
      if (status.indicator === "none" && !incidents.length) return;
      var signature = [status.indicator]
        .concat(incidents.map(function (i) { return i.id + "@" + i.updated_at; }))
        .join(" ");
      if (stored() === signature) return;
      function start() {
        show(data[0].page || {}, status, incidents, signature);
      }
      if (document.body) start();
      else document.addEventListener("DOMContentLoaded", start);
    })
    .catch(function () {
      // The status page cannot be reached: say nothing rather than guess.
    });
})();
