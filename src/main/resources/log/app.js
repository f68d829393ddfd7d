'use strict';
// Message log: lists the key's messages through the API, shows one with its attempts, events and webhook
// deliveries, and cancels or retries it. Every value from the API goes into the page as text, never as markup.
(function () {
  const $ = (id) => document.getElementById(id);
  const authOn = document.body.dataset.auth === 'true';
  let cursor = null;
  let selected = null;

  function headers() {
    const h = {};
    const key = $('key').value.trim();
    if (key) h['X-API-Key'] = key;
    return h;
  }

  function showError(message) {
    $('error').textContent = message || '';
  }

  async function call(method, url) {
    const res = await fetch(url, { method, headers: headers() });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      throw new Error((body.title || res.status) + ': ' + (body.detail || method + ' ' + url + ' failed'));
    }
    return body;
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (className) e.className = className;
    return e;
  }

  function badge(status) {
    return el('span', status, 'badge ' + status);
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  async function list(more) {
    showError('');
    const q = new URLSearchParams({ limit: '50' });
    if ($('status').value) q.set('status', $('status').value);
    if ($('search').value.trim()) q.set('messageId', $('search').value.trim());
    if (more && cursor) q.set('cursor', cursor);
    try {
      const page = await call('GET', '/api/v1/messages?' + q);
      const rows = page.messages.map((m) => {
        const tr = document.createElement('tr');
        tr.dataset.id = m.id;
        const status = document.createElement('td');
        status.append(badge(m.status));
        tr.append(status, el('td', (m.recipients || []).length), el('td', m.subject || ''), el('td', when(m.createdAt)),
          el('td', when(m.updatedAt)));
        tr.addEventListener('click', () => show(m.id));
        return tr;
      });
      if (more) $('messages').append(...rows); else $('messages').replaceChildren(...rows);
      cursor = page.nextCursor || null;
      $('more').classList.toggle('hidden', !cursor);
    } catch (e) {
      showError(e.message);
    }
  }

  function table(head, rows) {
    const t = document.createElement('table');
    const thead = document.createElement('tr');
    head.forEach((h) => thead.append(el('th', h)));
    t.append(thead);
    rows.forEach((r) => {
      const tr = document.createElement('tr');
      r.forEach((v) => tr.append(el('td', v === undefined || v === null ? '' : v)));
      t.append(tr);
    });
    return t;
  }

  async function show(id) {
    showError('');
    selected = id;
    document.querySelectorAll('#messages tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.id === id));
    let m;
    try {
      m = await call('GET', '/api/v1/messages/' + encodeURIComponent(id));
    } catch (e) {
      showError(e.message);
      return;
    }
    const d = $('detail');
    const facts = document.createElement('dl');
    const fact = (k, v) => { if (v !== undefined && v !== null && v !== '') facts.append(el('dt', k), el('dd', v)); };
    fact('Status', m.status);
    fact('Subject', m.subject);
    const own = ['bounced', 'delayed', 'suppressed'];
    fact('To', (m.recipients || []).map((r) => own.includes(r.status) ? r.address + ' (' + r.status + ')' : r.address)
      .join(', '));
    fact('Suppressed', (m.suppressed || []).map((s) => s.address + ' (' + s.reason + ')').join(', '));
    fact('Message-ID', m.messageId);
    fact('Created', when(m.createdAt));
    fact('Send at', when(m.sendAt));
    fact('Next attempt', when(m.nextAttemptAt));
    if (m.error) fact('Error', m.error.outcome + ': ' + m.error.message);
    const actions = document.createElement('p');
    if (['scheduled', 'queued', 'retrying'].includes(m.status)) {
      actions.append(button('Cancel', 'cancel', () => change('DELETE', '/api/v1/messages/' + encodeURIComponent(id))));
    }
    if (['uncertain', 'failed'].includes(m.status)) {
      actions.append(button('Retry', 'retry', () => change('POST', '/api/v1/messages/' + encodeURIComponent(id) + '/retry')));
    }
    d.replaceChildren(el('h2', m.subject || m.id), badge(m.status), facts, actions,
      el('h3', 'Recipients'), table(['Address', 'Status', 'At', 'Bounce', 'Status code', 'Diagnostic'],
        (m.recipients || []).map((r) => [r.address, r.status, when(r.at), r.bounceType, r.smtpStatus, r.diagnostic])),
      el('h3', 'Attempts'), table(['At', 'Outcome', 'SMTP', 'Reply', 'ms'],
        (m.attempts || []).map((a) => [when(a.at), a.outcome, a.smtpCode, a.smtpReply, a.durationMs])),
      el('h3', 'Events'), table(['At', 'Event'], (m.events || []).map((e) => [when(e.at), e.type])),
      el('h3', 'Webhooks'), table(['Endpoint', 'Event', 'Status', 'Attempts', 'Last answer', 'Next retry'],
        (m.webhooks || []).map((w) => [w.endpoint, w.event, w.status, w.attempts,
          [w.lastStatus, w.lastError].filter((x) => x !== undefined && x !== null).join(' '), when(w.nextAttemptAt)])));
  }

  function button(label, id, action) {
    const b = el('button', label);
    b.type = 'button';
    b.id = id;
    b.addEventListener('click', action);
    return b;
  }

  async function change(method, url) {
    try {
      await call(method, url);
      await show(selected);
      await list(false);
    } catch (e) {
      showError(e.message);
    }
  }

  if (authOn) $('key-label').classList.remove('hidden');
  $('load').addEventListener('click', () => list(false));
  $('more').addEventListener('click', () => list(true));
  $('status').addEventListener('change', () => list(false));
  $('search').addEventListener('keydown', (e) => { if (e.key === 'Enter') list(false); });
  if (!authOn) list(false);
}());
