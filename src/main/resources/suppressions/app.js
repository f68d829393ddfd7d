'use strict';
// The suppression list: search, add and remove, through /api/v1/suppressions with the key typed in (when keys are
// on). Everything from an entry is shown as text.
(function () {
  const $ = (id) => document.getElementById(id);
  const authOn = document.body.dataset.auth === 'true';
  let next = null;

  function headers(json) {
    const h = json ? { 'Content-Type': 'application/json' } : {};
    const key = $('key').value.trim();
    if (key) h['X-API-Key'] = key;
    return h;
  }

  async function call(method, url, body) {
    const res = await fetch(url, { method, headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 204) return {};
    const out = await res.json().catch(() => ({}));
    if (!res.ok) {
      const fields = (out.errors || []).map((e) => e.field + ': ' + e.message).join('\n');
      throw new Error((out.title || res.status) + ': ' + (fields || out.detail || method + ' ' + url + ' failed'));
    }
    return out;
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  function show(message, error) {
    $('error').textContent = error ? message : '';
    $('notice').textContent = error ? '' : message;
  }

  function row(s) {
    const tr = document.createElement('tr');
    tr.dataset.address = s.address;
    const reason = el('td');
    reason.append(el('span', s.reason, 'badge ' + s.reason));
    const remove = el('button', 'Remove');
    remove.type = 'button';
    remove.className = 'remove';
    remove.addEventListener('click', async () => {
      try {
        await call('DELETE', '/api/v1/suppressions/' + encodeURIComponent(s.address));
        show(s.address + ' is off the list.', false);
        await list(false);
      } catch (e) {
        show(e.message, true);
      }
    });
    const action = el('td');
    action.append(remove);
    tr.append(el('td', s.address), reason, el('td', s.note || s.diagnostic || ''), el('td', when(s.createdAt)),
      el('td', when(s.expiresAt)), el('td', s.createdBy || (s.messageId ? 'bounce of ' + s.messageId : '')), action);
    return tr;
  }

  async function list(more) {
    const q = new URLSearchParams({ limit: '50' });
    if ($('reason').value) q.set('reason', $('reason').value);
    if ($('search').value.trim()) q.set('address', $('search').value.trim());
    if (more && next) q.set('cursor', next);
    try {
      const page = await call('GET', '/api/v1/suppressions?' + q);
      const rows = page.suppressions.map(row);
      if (more) $('entries').append(...rows); else $('entries').replaceChildren(...rows);
      next = page.nextCursor || null;
      $('more').classList.toggle('hidden', !next);
      $('error').textContent = '';
    } catch (e) {
      show(e.message, true);
    }
  }

  $('add').addEventListener('submit', async (event) => {
    event.preventDefault();
    const address = $('address').value.trim();
    const body = { reason: $('add-reason').value };
    if ($('note').value.trim()) body.note = $('note').value.trim();
    try {
      await call('PUT', '/api/v1/suppressions/' + encodeURIComponent(address), body);
      $('address').value = '';
      $('note').value = '';
      show(address + ' is on the list.', false);
      await list(false);
    } catch (e) {
      show(e.message, true);
    }
  });
  $('load').addEventListener('click', () => list(false));
  $('search').addEventListener('keydown', (e) => { if (e.key === 'Enter') list(false); });
  $('more').addEventListener('click', () => list(true));
  if (authOn) {
    $('key-label').classList.remove('hidden');
  } else {
    list(false);
  }
})();
