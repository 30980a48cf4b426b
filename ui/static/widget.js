/* Agenda-Assistent widget: <script src="http://host:7860/widget.js" data-token="…" data-title="…"></script> */
(function () {
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src, window.location.href).origin;
  var token = script.getAttribute('data-token') || '';
  var title = script.getAttribute('data-title') || 'Agenda-Assistent';
  var history = [];

  var host = document.createElement('div');
  host.id = 'agenda-assistent-widget';
  document.body.appendChild(host);
  var root = host.attachShadow({mode: 'open'});
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    '.knopf{position:fixed;right:20px;bottom:20px;z-index:2147483000;background:#0b6bcb;color:#fff;border:0;border-radius:24px;padding:12px 18px;font:600 15px system-ui,sans-serif;cursor:pointer;box-shadow:0 2px 8px #0004}' +
    '.panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 110px);background:#fff;color:#1f2328;border:1px solid #d0d7de;border-radius:12px;box-shadow:0 6px 24px #0003;display:none;flex-direction:column;font:14px/1.45 system-ui,sans-serif}' +
    '.panel.offen{display:flex}.kopf{padding:10px 14px;font-weight:600;border-bottom:1px solid #d0d7de}' +
    '.verlauf{flex:1;overflow:auto;padding:10px 14px}.frage{margin:8px 0;text-align:right;color:#0b6bcb}' +
    '.antwort{margin:8px 0;white-space:pre-wrap}.quellen{font-size:12px;color:#57606a;margin:4px 0 10px 0}' +
    '.quellen div{margin-top:4px}.quellen q{background:#fff3b0}' +
    'form{display:flex;border-top:1px solid #d0d7de}input{flex:1;border:0;padding:10px 12px;font:inherit}button.senden{border:0;background:#0b6bcb;color:#fff;padding:0 14px;font:inherit;cursor:pointer}' +
    '</style>' +
    '<button class="knopf" part="button" type="button"></button>' +
    '<div class="panel" role="dialog"><div class="kopf"></div><div class="verlauf" aria-live="polite"></div>' +
    '<form><input name="frage" autocomplete="off" placeholder="Frage eingeben …" aria-label="Frage"><button class="senden" type="submit">Fragen</button></form></div>';
  var knopf = root.querySelector('.knopf');
  var panel = root.querySelector('.panel');
  var verlauf = root.querySelector('.verlauf');
  var form = root.querySelector('form');
  var input = root.querySelector('input');
  knopf.textContent = title;
  root.querySelector('.kopf').textContent = title;
  knopf.addEventListener('click', function () { panel.classList.toggle('offen'); if (panel.classList.contains('offen')) input.focus(); });

  function add(cls, text) {
    var el = document.createElement('div');
    el.className = cls;
    el.textContent = text;  /* text only: nothing from a document or a user is parsed as HTML */
    verlauf.appendChild(el);
    verlauf.scrollTop = verlauf.scrollHeight;
    return el;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var frage = input.value.trim();
    if (!frage) return;
    input.value = '';
    add('frage', frage);
    var warten = add('antwort', '…');
    var headers = {'Content-Type': 'application/json'};
    if (token) headers['Authorization'] = 'Bearer ' + token;
    fetch(base + '/api/ask', {method: 'POST', headers: headers, body: JSON.stringify({question: frage, history: history})})
      .then(function (r) { return r.json().then(function (data) { return {ok: r.ok, status: r.status, data: data}; }); })
      .then(function (res) {
        if (!res.ok) { warten.textContent = res.status === 401 ? 'Der Assistent ist auf dieser Seite nicht freigeschaltet; bitte an die IT wenden.' : ((res.data && res.data.detail) || 'Fehler'); return; }
        var a = res.data;
        warten.textContent = a.answer;
        history.push({role: 'user', content: a.standalone_question}, {role: 'assistant', content: a.answer});
        if (a.citations && a.citations.length) {
          var box = document.createElement('div');
          box.className = 'quellen';
          a.citations.forEach(function (c) {
            var line = document.createElement('div');
            line.textContent = '[' + c.n + '] ' + c.title + (c.page ? ', S. ' + c.page : '') + (c.section ? ' – ' + c.section : '') + ': ';
            var q = document.createElement('q');
            q.textContent = c.quote;
            line.appendChild(q);
            box.appendChild(line);
          });
          verlauf.appendChild(box);
          verlauf.scrollTop = verlauf.scrollHeight;
        }
      })
      .catch(function () { warten.textContent = 'Der Assistent ist nicht erreichbar.'; });
  });
})();
