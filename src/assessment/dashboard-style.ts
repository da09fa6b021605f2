/**
 * The dashboard's inline stylesheet and its progressive-enhancement script (sorting and filtering the
 * repo table). Both are static text: no value from a repo ever reaches them.
 */
export const DASHBOARD_CSS = `
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa;--pass:#1a7f37;--fail:#cf222e;--inc:#7d4e00;--att:#6639ba;--accent:#0969da}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#24292f;color:#fff;padding:20px 32px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#d0d7de}
main{padding:16px 32px 48px;max-width:1400px}
h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:150px}
.card strong{display:block;font-size:24px}
.card span{color:var(--muted)}
figure{margin:0}
figcaption{color:var(--muted);font-size:13px}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
table{border-collapse:collapse;width:100%;margin:8px 0}
caption{text-align:left;color:var(--muted);padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--panel);position:sticky;top:0}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:var(--accent)}
th[aria-sort] button::after{content:" \\2195"}
th[aria-sort=ascending] button::after{content:" \\2191"}
th[aria-sort=descending] button::after{content:" \\2193"}
td.num{font-variant-numeric:tabular-nums}
td.f,td.p,td.n{font-variant-numeric:tabular-nums}td.f{background:#dafbe1}td.p{background:#fff8c5}td.n{background:#ffebe9}
.pass{color:var(--pass)}.fail{color:var(--fail)}.inconclusive{color:var(--inc)}.attested{color:var(--att)}
.yes{color:var(--pass);font-weight:600}.no{color:var(--fail)}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin:8px 0}
.filters label{display:flex;flex-direction:column;font-size:13px;color:var(--muted)}
.filters input,.filters select{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:6px;color:var(--fg);background:#fff}
details.repo{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:6px 12px}
details.repo summary{cursor:pointer}
details.repo summary h3{display:inline}
ul.inline{list-style:none;padding:0;margin:4px 0 8px;display:flex;flex-wrap:wrap;gap:4px 14px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--panel);padding:0 3px;border-radius:4px;overflow-wrap:anywhere}
.muted{color:var(--muted)}
a{color:var(--accent)}
`;

/** Sorts on header buttons (numbers by `data-v`), filters by team, template and text. */
export const DASHBOARD_SCRIPT = `
(function(){
var table=document.getElementById("repos");if(!table)return;
var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
var heads=table.tHead.rows[0].cells;
function ratio(t){var m=/^(\\d+)\\/(\\d+)$/.exec(t);return m?(+m[2]?m[1]/m[2]:0):parseFloat(t)}
Array.prototype.forEach.call(heads,function(th,i){
  var label=th.textContent;var b=document.createElement("button");b.type="button";b.textContent=label;
  th.textContent="";th.appendChild(b);th.setAttribute("aria-sort","none");
  b.addEventListener("click",function(){
    var asc=th.getAttribute("aria-sort")!=="ascending";
    Array.prototype.forEach.call(heads,function(h){h.setAttribute("aria-sort","none")});
    th.setAttribute("aria-sort",asc?"ascending":"descending");
    rows.sort(function(a,b){
      var x=a.cells[i].textContent,y=b.cells[i].textContent;
      var nx=ratio(x),ny=ratio(y);
      var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
      return asc?c:-c;
    });
    rows.forEach(function(r){body.appendChild(r)});
  });
});
var form=document.getElementById("filters");var status=document.getElementById("shown");
form.hidden=false;
function apply(){
  var team=form.team.value,tpl=form.template.value,q=form.q.value.toLowerCase(),mat=form.mature.value,n=0;
  rows.forEach(function(r){
    var ok=(!team||r.cells[1].textContent===team)&&(!tpl||r.cells[2].textContent===tpl)
      &&(!q||r.cells[0].textContent.toLowerCase().indexOf(q)>=0)&&(!mat||r.cells[r.cells.length-1].textContent===mat);
    r.hidden=!ok;if(ok)n++;
  });
  status.textContent=n+" of "+rows.length+" repos shown";
}
form.addEventListener("input",apply);form.addEventListener("change",apply);
form.addEventListener("submit",function(e){e.preventDefault()});
apply();
})();
`;
