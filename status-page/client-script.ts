import { STATUS_LABELS } from "../core/status-model";
import { API_PATHS } from "./statuspage-api";

// The page's only script, inlined (allowed by its hash in the CSP). The HTML is already
// right when published; this keeps an open tab current by re-reading summary.json every
// minute and patching the overall status, the component statuses and the incidents. The
// first read waits a second after the first frame: the snapshot is published with the
// JSON, so it is stale only when a cache kept it, and the fetch and its DOM patch then stay
// clear of the first render (they compete with raster for the visitor's CPU). A tab opened
// in the background makes no frame, so it reads when first shown.
// Text goes in through textContent only (SECURITY: never innerHTML with fetched data).
/** How long after its first frame the page first reads summary.json. */
const FIRST_READ_DELAY_MS = 1_000;

const SOURCE = `(function(){
var L=${JSON.stringify(STATUS_LABELS)},M=["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];
function p(n){return(n<10?"0":"")+n}
function t(s){var d=new Date(s);return d.getUTCDate()+" "+M[d.getUTCMonth()]+" "+d.getUTCFullYear()+", "+p(d.getUTCHours())+":"+p(d.getUTCMinutes())+" UTC"}
function e(n,c,x){var el=document.createElement(n);if(c)el.className=c;if(x!=null)el.textContent=x;return el}
function time(s){var el=e("time",null,t(s));el.setAttribute("datetime",s);return el}
function cap(s){return s.charAt(0).toUpperCase()+s.slice(1)}
function apply(d){
var o=document.getElementById("overall");o.className="overall i-"+d.status.indicator;
document.getElementById("overall-text").textContent=d.status.description;
var u=document.getElementById("updated");u.textContent="";u.appendChild(time(d.page.updated_at));
d.components.forEach(function(c){var el=document.querySelector('[data-component="'+CSS.escape(c.id)+'"] .st');if(el){el.textContent=L[c.status]||c.status;el.className="st s-"+c.status}});
var s=document.getElementById("incidents"),list=document.getElementById("incident-list");list.textContent="";
d.incidents.forEach(function(i){var a=e("article","card");a.id=i.id;a.appendChild(e("h3",null,i.name));var ol=e("ol","timeline");
i.incident_updates.forEach(function(x){var li=e("li");li.appendChild(e("strong",null,cap(x.status)));li.appendChild(document.createTextNode(" \\u2014 "+x.body+" "));li.appendChild(time(x.display_at));ol.appendChild(li)});
a.appendChild(ol);list.appendChild(a)});
s.hidden=d.incidents.length===0}
function load(){fetch("${API_PATHS.summary}",{cache:"no-store"}).then(function(r){if(r.ok)return r.json()}).then(function(d){if(d)apply(d)}).catch(function(){})}
requestAnimationFrame(function(){setTimeout(load,${FIRST_READ_DELAY_MS})});setInterval(load,60000)})();`;

export const CLIENT_SCRIPT = SOURCE;
