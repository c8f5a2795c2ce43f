/* Statuspress: times in the reader's own zone. Every <time datetime> is written in the
   site's zone by the build; this rewrites it in the reader's zone, names the zone, keeps
   the site's time as its title, and adds how long ago it was when that is under a week.
   No dependency; without JavaScript the page stays as built. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var format, relative;
  try {
    format = new Intl.DateTimeFormat(lang, {
      day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    relative = Intl.RelativeTimeFormat && new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  } catch (e) {
    return;
  }
  var steps = [[60, "second"], [60, "minute"], [24, "hour"], [7, "day"]];
  function ago(seconds) {
    var value = seconds, i;
    for (i = 0; i < steps.length; i++) {
      if (Math.abs(value) < steps[i][0]) {
        return relative.format(-Math.round(value), steps[i][1]);
      }
      value /= steps[i][0];
    }
    return "";
  }
  var now = Date.now();
  var times = document.querySelectorAll("time[datetime]");
  for (var i = 0; i < times.length; i++) {
    var node = times[i], stamp = node.getAttribute("datetime");
    if (stamp.indexOf("T") < 0 || node.hasAttribute("data-sp-site")) continue;
    var moment = new Date(stamp);
    if (isNaN(moment)) continue;
    var site = node.textContent;
    var text = format.format(moment);
    var since = relative ? ago((now - moment.getTime()) / 1000) : "";
    node.setAttribute("data-sp-site", site);
    node.title = site;
    node.textContent = since ? text + " (" + since + ")" : text;
  }
  var notes = document.querySelectorAll(".sp-zone-site, .sp-zone-local");
  for (i = 0; i < notes.length; i++) {
    notes[i].hidden = notes[i].className === "sp-zone-site";
  }
})();
