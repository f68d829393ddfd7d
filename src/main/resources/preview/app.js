'use strict';
// Template preview: lists templates, renders one through the preview API, shows html (sandboxed) and text.
(function () {
  const $ = (id) => document.getElementById(id);
  const authOn = document.body.dataset.auth === 'true';
  let templates = [];
  let latest = 0; // only the newest render may update the page; an older response can arrive last

  function headers() {
    const h = { 'Content-Type': 'application/json' };
    const key = $('key').value.trim();
    if (key) h['X-API-Key'] = key;
    return h;
  }

  function showError(message) {
    $('error').textContent = message || '';
  }

  function example(fields) {
    const out = {};
    for (const f of fields) {
      if (f.type === 'array') out[f.name] = f.items && f.items.length ? [example(f.items)] : [];
      else if (f.type === 'object') out[f.name] = example(f.items || []);
      else if (f.values) out[f.name] = f.values[0];
      else if (f.type === 'integer' || f.type === 'number') out[f.name] = 10;
      else if (f.type === 'boolean') out[f.name] = true;
      else if (f.format === 'date-time') out[f.name] = new Date().toISOString();
      else if (f.format === 'email') out[f.name] = 'someone@example.com';
      else if (f.format === 'uri') out[f.name] = 'https://example.com/';
      else out[f.name] = f.required ? f.name + ' …' : undefined;
    }
    return out;
  }

  // Every field the template takes, nested ones under their array, each marked required or optional.
  function describe(fields, prefix) {
    const rows = [];
    for (const f of fields) {
      let type = f.type + (f.format ? ' (' + f.format + ')' : '');
      if (f.values) type += ': ' + f.values.join(', ');
      rows.push({ name: prefix + f.name, type: type, required: f.required });
      if (f.type === 'array' && f.items) rows.push(...describe(f.items, prefix + f.name + '[].'));
      if (f.type === 'object' && f.items) rows.push(...describe(f.items, prefix + f.name + '.'));
    }
    return rows;
  }

  function showFields(t) {
    $('fields').replaceChildren(...describe(t.data, '').map((f) => {
      const li = document.createElement('li');
      li.className = f.required ? 'required' : 'optional';
      const name = document.createElement('code');
      name.textContent = f.name;
      const mark = document.createElement('strong');
      mark.textContent = f.required ? 'required' : 'optional';
      li.append(name, ' ', mark, ' · ' + f.type);
      return li;
    }));
  }

  async function load() {
    showError('');
    const res = await fetch('/api/v1/templates', { headers: headers() });
    if (!res.ok) {
      const p = await res.json().catch(() => ({}));
      showError((p.title || res.status) + ': ' + (p.detail || 'cannot list templates'));
      return;
    }
    templates = await res.json();
    const select = $('template');
    select.replaceChildren(...templates.map((t) => {
      const o = document.createElement('option');
      o.value = t.name;
      // A user's own template says where it comes from and which version is live.
      o.textContent = t.origin && t.origin !== 'built-in'
        ? t.name + ' (' + t.origin + (t.version ? ', v' + t.version : '') + ')' : t.name;
      return o;
    }));
    fillExample();
  }

  // A fresh example for the picked template, rendered at once so the page never starts empty.
  function fillExample() {
    const t = templates.find((x) => x.name === $('template').value);
    if (t) {
      const locale = $('locale').value;
      $('locale').replaceChildren(...(t.locales.length ? t.locales : ['zh-CN']).map((l) => {
        const o = document.createElement('option');
        o.value = l;
        o.textContent = l;
        return o;
      }));
      if (t.locales.includes(locale)) $('locale').value = locale;
      showFields(t);
      if (t.problems) {
        showError('The last edit of this template was refused; the live version is shown.\n'
          + t.problems.map((p) => p.file + (p.line ? ':' + p.line + ':' + p.column : '') + ': ' + p.message).join('\n'));
      }
      $('data').value = JSON.stringify(example(t.data), null, 2);
      render();
    }
  }

  async function render() {
    showError('');
    let data;
    try {
      data = JSON.parse($('data').value);
    } catch (e) {
      showError('The data is not valid JSON: ' + e.message);
      return;
    }
    const name = encodeURIComponent($('template').value);
    const mine = ++latest;
    const res = await fetch('/api/v1/templates/' + name + '/preview', {
      method: 'POST', headers: headers(), body: JSON.stringify({ data: data, locale: $('locale').value })
    });
    const body = await res.json().catch(() => ({}));
    if (mine !== latest) return;
    if (!res.ok) {
      const fields = (body.errors || []).map((e) => e.field + ': ' + e.message).join('\n');
      showError((body.title || res.status) + (fields ? '\n' + fields : body.detail ? ': ' + body.detail : ''));
      return;
    }
    $('subject').textContent = body.subject;
    // srcdoc in a sandbox="" iframe: no scripts, unique origin; the CSP meta makes that explicit twice over.
    // Inline images travel as cid: references; the page shows the shipped logo from the gateway instead.
    let html = (body.html || '').split('cid:mailgate-logo').join(location.origin + '/templates/logo.png');
    // A user template's own images need the API key: fetched here and shown as data: URLs.
    for (const cid of body.inline.filter((c) => c !== 'cid:mailgate-logo')) {
      const image = await fetch('/api/v1/templates/' + name + '/inline/' + encodeURIComponent(cid.substring(4)),
        { headers: headers() });
      if (image.ok) html = html.split(cid).join(await dataUrl(await image.blob()));
    }
    if (mine !== latest) return;
    $('html').srcdoc = '<meta http-equiv="Content-Security-Policy" content="script-src \'none\'">' + html;
    $('text').textContent = body.text;
  }

  function dataUrl(blob) {
    return new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsDataURL(blob);
    });
  }

  $('template').addEventListener('change', fillExample);
  $('render').addEventListener('click', render);
  $('load').addEventListener('click', load);
  if (authOn) {
    $('key-label').classList.remove('hidden');
    $('load').classList.remove('hidden');
  } else {
    load();
  }
})();
