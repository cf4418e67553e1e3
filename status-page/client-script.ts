import type { PageLanguage } from "../core/page-languages";
import { messagesFor, TIME_FORMAT } from "./i18n";
import { summaryPath } from "./paths";

// The page's only script, inlined (allowed by its hash in the CSP), one per language: it
// carries that language's status words and reads that language's summary, so a refreshed
// incident reads as the published one did. The HTML is already right when published; this
// keeps an open tab current by re-reading the summary every minute and patching the overall
// status, the component statuses and the incidents. The first read waits a second after the
// first frame: the snapshot is published with the JSON, so it is stale only when a cache
// kept it, and the fetch and its DOM patch then stay clear of the first render (they compete
// with raster for the visitor's CPU). A tab opened in the background makes no frame, so it
// reads when first shown.
// Its date formatter is built at the first refresh, not while the page parses: building one
// loads the language's ICU data, which would otherwise delay the first render.
// Text goes in through textContent only (SECURITY: never innerHTML with fetched data).
/** How long after its first frame the page first reads its summary. */
const FIRST_READ_DELAY_MS = 1_000;

function source(language: PageLanguage): string {
  const messages = messagesFor(language);
  return `(function(){
var L=${JSON.stringify(messages.componentStatus)},U=${JSON.stringify(messages.incidentStatus)},F;
function e(n,c,x){var el=document.createElement(n);if(c)el.className=c;if(x!=null)el.textContent=x;return el}
function time(s){F=F||new Intl.DateTimeFormat(${JSON.stringify(language)},${JSON.stringify(TIME_FORMAT)});var el=e("time",null,F.format(new Date(s)));el.setAttribute("datetime",s);return el}
function apply(d){
var o=document.getElementById("overall");o.className="overall i-"+d.status.indicator;
document.getElementById("overall-text").textContent=d.status.description;
var u=document.getElementById("updated");u.textContent="";u.appendChild(time(d.page.updated_at));
d.components.forEach(function(c){var el=document.querySelector('[data-component="'+CSS.escape(c.id)+'"] .st');if(el){el.textContent=L[c.status]||c.status;el.className="st s-"+c.status}});
var s=document.getElementById("incidents"),list=document.getElementById("incident-list");list.textContent="";
d.incidents.forEach(function(i){var a=e("article","card");a.id=i.id;a.appendChild(e("h3",null,i.name));var ol=e("ol","timeline");
i.incident_updates.forEach(function(x){var li=e("li");li.appendChild(e("strong",null,U[x.status]||x.status));li.appendChild(document.createTextNode(" \\u2014 "+x.body+" "));li.appendChild(time(x.display_at));ol.appendChild(li)});
a.appendChild(ol);list.appendChild(a)});
s.hidden=d.incidents.length===0}
function load(){fetch(${JSON.stringify(summaryPath(language))},{cache:"no-store"}).then(function(r){if(r.ok)return r.json()}).then(function(d){if(d)apply(d)}).catch(function(){})}
requestAnimationFrame(function(){setTimeout(load,${FIRST_READ_DELAY_MS})});setInterval(load,60000)})();`;
}

const SCRIPTS = new Map<PageLanguage, string>();

/** The script of `language`'s status page (built once: every publish renders every page). */
export function clientScript(language: PageLanguage): string {
  let script = SCRIPTS.get(language);
  if (script === undefined) {
    script = source(language);
    SCRIPTS.set(language, script);
  }
  return script;
}
