/**
 * A readable, self-contained documentation page for the OpenAPI document: plain HTML, inline CSS
 * and a small inline script, no CDN, so it works for people who are offline or behind a firewall.
 */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The HTML page; the document is embedded, so the page needs no second request. */
export function renderDocsPage(document: { info: { title: string; description?: string } }): string {
  // '<' is escaped inside the JSON so no string in it can close the script element.
  const embedded = JSON.stringify(document).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2329; background: #fafbfc; }
  header, main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
  header { border-bottom: 1px solid #d8dee4; }
  h1 { font-size: 1.5rem; margin: .5rem 0; }
  h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d8dee4; }
  details { background: #fff; border: 1px solid #d8dee4; border-radius: 6px; margin: .5rem 0; }
  summary { cursor: pointer; padding: .5rem .75rem; }
  .method { display: inline-block; min-width: 3.5rem; font-weight: 600; font-family: ui-monospace, monospace; }
  .get { color: #0a6b2f; } .post { color: #0b4f9c; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f3f5f7; padding: .75rem; overflow: auto; border-radius: 4px; margin: .5rem .75rem; }
  .body { padding: 0 .75rem .75rem; }
  table { border-collapse: collapse; margin: .25rem .75rem; }
  td, th { border: 1px solid #d8dee4; padding: .2rem .5rem; text-align: left; vertical-align: top; }
  input { font: inherit; padding: .3rem .5rem; width: 20rem; max-width: 100%; }
</style>
</head>
<body>
<header>
  <h1>${escapeHtml(document.info.title)}</h1>
  <p>${escapeHtml(document.info.description ?? '')}</p>
  <p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Filter: <input id="filter" placeholder="path, summary or operation id"></p>
</header>
<main id="operations"><noscript>Enable JavaScript to browse, or read <a href="/openapi.json">/openapi.json</a>.</noscript></main>
<script id="openapi" type="application/json">${embedded}</script>
<script>
(function () {
  var doc = JSON.parse(document.getElementById('openapi').textContent);
  var main = document.getElementById('operations');
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function resolve(schema) {
    if (schema && schema.$ref) {
      var name = schema.$ref.split('/').pop();
      return (doc.components && doc.components.schemas && doc.components.schemas[name]) || schema;
    }
    return schema;
  }
  function pre(value) { return el('pre', {}, [JSON.stringify(resolve(value), null, 2)]); }
  var groups = {};
  Object.keys(doc.paths).forEach(function (path) {
    Object.keys(doc.paths[path]).forEach(function (method) {
      var op = doc.paths[path][method];
      var tag = (op.tags && op.tags[0]) || 'Other';
      (groups[tag] = groups[tag] || []).push({ path: path, method: method, op: op });
    });
  });
  Object.keys(groups).forEach(function (tag) {
    var section = el('section', { 'data-tag': tag }, [el('h2', {}, [tag])]);
    groups[tag].forEach(function (item) {
      var op = item.op;
      var body = el('div', { class: 'body' }, []);
      if (op.description) body.append(el('p', {}, [op.description]));
      if (op.security) body.append(el('p', {}, ['Requires a bearer token.']));
      if (op.parameters && op.parameters.length) {
        var rows = op.parameters.map(function (p) {
          return el('tr', {}, [el('td', {}, [el('code', {}, [p.name])]), el('td', {}, [p.in]), el('td', {}, [p.required ? 'required' : 'optional']), el('td', {}, [(p.description || '') + ' ' + JSON.stringify(p.schema || {})])]);
        });
        body.append(el('h4', {}, ['Parameters']), el('table', {}, rows));
      }
      var reqBody = op.requestBody && op.requestBody.content && op.requestBody.content['application/json'];
      if (reqBody) body.append(el('h4', {}, ['Request body (application/json)']), pre(reqBody.schema));
      body.append(el('h4', {}, ['Responses']));
      Object.keys(op.responses || {}).forEach(function (status) {
        body.append(el('p', {}, [el('code', {}, [status]), ' ' + (op.responses[status].description || '')]));
      });
      var summary = el('summary', {}, [el('span', { class: 'method ' + item.method }, [item.method.toUpperCase()]), ' ', el('code', {}, [item.path]), ' ', op.summary || '']);
      section.append(el('details', { 'data-search': (item.path + ' ' + (op.summary || '') + ' ' + (op.operationId || '')).toLowerCase() }, [summary, body]));
    });
    main.append(section);
  });
  document.getElementById('filter').addEventListener('input', function (e) {
    var q = e.target.value.toLowerCase();
    document.querySelectorAll('details').forEach(function (d) { d.style.display = d.getAttribute('data-search').indexOf(q) >= 0 ? '' : 'none'; });
  });
})();
</script>
</body>
</html>
`;
}
