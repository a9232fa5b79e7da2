// The field screen (templates/outreach/field_session.html): every tap and every named contact becomes an entry with
// an id made here (a UUID), kept in IndexedDB (through the vendored `idb` wrapper) until the server acknowledges it
// (POST to the sync URL, outreach/capture.py). Entries survive a reload, an expired session and a re-login; they are
// removed once acknowledged, and on logout (the logout answers `Clear-Site-Data`, reflex/views.py). The service worker
// (templates/outreach/field_sw.js) keeps the page and its files so that it opens without network once visited.
(function () {
  "use strict";

  var DB_NAME = "reflex-field";
  var configNode = document.getElementById("field-config");
  var screen = document.querySelector("[data-field-screen]");
  if (!configNode || !screen || !window.idb) { return; }
  var config = JSON.parse(configNode.textContent);
  var texts = {};
  document.getElementById("field-texts").content.querySelectorAll("[data-text]").forEach(function (node) {
    texts[node.getAttribute("data-text")] = node.textContent.trim();
  });

  var dbPromise = window.idb.openDB(DB_NAME, 1, {
    upgrade: function (db) {
      db.createObjectStore("queue", { keyPath: "id" });   // waiting to be sent
      db.createObjectStore("sent", { keyPath: "id" });    // acknowledged taps, until the page shows them from the server
      db.createObjectStore("rejected", { keyPath: "id" }); // refused by the server, shown with the reasons
    }
  });

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  var pluralRules = new Intl.PluralRules(document.documentElement.lang || "fr");

  function pluralText(key, n) {
    return format(texts[key + (pluralRules.select(n) === "one" ? "-one" : "-other")], { n: n });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // ---------------------------------------------------------------------------------------------------------------
  // State: what the server had when the page was made, plus what this browser sent or keeps.

  var counted = config.counted.slice();  // tallies: {id, count, new, age_band, sex, via}
  var queue = [];
  var sentContacts = [];  // named contacts acknowledged since this page was made
  var flushing = null;  // the sending under way (a promise)
  var loginNeeded = false;

  function reload() {
    return dbPromise.then(function (db) {
      return Promise.all([db.getAll("queue"), db.getAll("sent"), db.getAll("rejected")]);
    }).then(function (stores) {
      queue = stores[0].filter(function (entry) { return entry.user === config.user; });
      queue.sort(function (a, b) { return a.created - b.created; });
      var known = {};
      config.counted.forEach(function (row) { if (row.id) { known[row.id] = true; } });
      counted = config.counted.slice();
      stores[1].forEach(function (entry) {
        if (entry.session === config.session && entry.type === "tally" && !known[entry.id]) {
          counted.push({ id: entry.id, count: 1, new: entry.new ? 1 : 0, age_band: entry.age_band, sex: entry.sex, via: entry.via });
        }
      });
      // An untally sent but not yet reflected in a cached copy of the page.
      stores[1].forEach(function (entry) {
        if (entry.session === config.session && entry.type === "untally") {
          counted = counted.filter(function (row) { return row.id !== entry.target; });
        }
      });
      renderRejected(stores[2].filter(function (entry) { return entry.user === config.user; }));
      render();
      // Forget what the page now has from the server: taps it lists, take-backs of taps it no longer lists.
      var listed = {};
      document.querySelectorAll("#field-contacts [data-client-id]").forEach(function (node) {
        if (node.getAttribute("data-client-id")) { listed[node.getAttribute("data-client-id")] = true; }
      });
      sentContacts = stores[1].filter(function (entry) {
        return entry.session === config.session && entry.type === "contact" && !listed[entry.id];
      });
      renderPendingContacts();
      var done = stores[1].filter(function (entry) {
        if (entry.session !== config.session) { return false; }
        if (entry.type === "tally") { return !!known[entry.id]; }
        if (entry.type === "untally") { return !known[entry.target]; }
        return entry.type === "confirm" || (entry.type === "contact" && !!listed[entry.id]);
      });
      if (done.length) {
        return dbPromise.then(function (db) {
          var tx = db.transaction("sent", "readwrite");
          done.forEach(function (entry) { tx.store.delete(entry.id); });
          return tx.done;
        });
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Relays: through the entourage, a tap or a contact may name its relay, an existing one (of that kind) or a new
  // label (sent as is; the server creates it once and refuses a phone number or an e-mail address, as here).

  var RELAY_EMAIL = /\S+@\S+/;
  var RELAY_PHONE = /(?:\+?\d[\s.\-\/]?){6,}/;

  function relayProblem(label) {
    if (RELAY_EMAIL.test(label)) { return texts["relay-email"]; }
    if (RELAY_PHONE.test(label)) { return texts["relay-phone"]; }
    return "";
  }

  function syncRelayPicker(picker, via) {
    var select = picker.querySelector("[data-relay-select]");
    var label = picker.querySelector("[data-relay-label]");
    var through = !!via && via !== "direct";
    picker.classList.toggle("d-none", !through);
    Array.prototype.forEach.call(select.options, function (option) {
      var kind = option.getAttribute("data-kind");
      var other = !!kind && kind !== via;
      option.hidden = other;
      option.disabled = other;
    });
    if (!through || (select.selectedOptions[0] && select.selectedOptions[0].disabled)) { select.value = ""; }
    label.classList.toggle("d-none", select.value !== "new");
  }

  function relayOf(picker, via) {
    // {relay, relay_label} as the server reads them (nothing when reached directly).
    var select = picker.querySelector("[data-relay-select]");
    if (!via || via === "direct" || !select.value) { return { relay: "", relay_label: "" }; }
    if (select.value === "new") {
      return { relay: "", relay_label: picker.querySelector("[data-relay-label]").value.trim().replace(/\s+/g, " ") };
    }
    return { relay: select.value, relay_label: "" };
  }

  var tallyRelay = screen.querySelector("[data-tally-relay] [data-relay-picker]");

  function selection() {
    function value(name) {
      var checked = screen.querySelector("input[name='" + name + "']:checked");
      return checked ? checked.value : "";
    }
    return { age_band: value("age_band"), sex: value("sex"), via: value("via") };
  }

  function matches(row, sel, isNew) {
    return row.age_band === sel.age_band && row.sex === sel.sex && row.via === sel.via && (!!row.new === isNew);
  }

  function tallies() {
    // What the steppers count: the server's and sent rows, plus the queued taps, minus the queued take-backs.
    var rows = counted.slice();
    queue.forEach(function (entry) {
      if (entry.session !== config.session) { return; }
      if (entry.type === "tally") {
        rows.push({ id: entry.id, count: 1, new: entry.new ? 1 : 0, age_band: entry.age_band, sex: entry.sex, via: entry.via });
      } else if (entry.type === "untally") {
        rows = rows.filter(function (row) { return row.id !== entry.target; });
      }
    });
    return rows;
  }

  function render() {
    var sel = selection();
    var rows = tallies();
    screen.querySelectorAll("[data-stepper]").forEach(function (stepper) {
      var isNew = stepper.getAttribute("data-stepper") === "new";
      var total = rows.filter(function (row) { return matches(row, sel, isNew); })
        .reduce(function (sum, row) { return sum + row.count; }, 0);
      stepper.querySelector("[data-count]").textContent = total;
    });
    var all = rows.reduce(function (sum, row) { return sum + row.count; }, 0);
    var fresh = rows.reduce(function (sum, row) { return sum + (row.new ? row.count : 0); }, 0);
    screen.querySelector("[data-total]").textContent = pluralText("total", all) + ", " + pluralText("new", fresh);
    var status = screen.querySelector("[data-queue-status]");
    status.textContent = queue.length === 0 ? texts.sent
      : pluralText("pending", queue.length);
    status.classList.toggle("fw-semibold", queue.length > 0);
    var badge = screen.querySelector("[data-network-badge]");
    badge.textContent = navigator.onLine ? texts.online : texts.offline;
    badge.classList.toggle("text-bg-warning", !navigator.onLine);
    badge.classList.toggle("text-bg-secondary", navigator.onLine);
    screen.querySelector("[data-login-needed]").classList.toggle("d-none", !loginNeeded);
    renderPendingContacts();
  }

  function renderPendingContacts() {
    var list = document.getElementById("field-contacts");
    list.querySelectorAll("[data-pending], [data-sent]").forEach(function (node) { node.remove(); });
    sentContacts.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "list-group-item";
      item.setAttribute("data-sent", entry.id);
      item.textContent = entry.label || entry.nickname || entry.first_name;
      list.appendChild(item);
    });
    queue.forEach(function (entry) {
      if (entry.session !== config.session || entry.type !== "contact") { return; }
      var item = document.createElement("li");
      item.className = "list-group-item field-pending";
      item.setAttribute("data-pending", entry.id);
      item.textContent = (entry.label || entry.nickname || entry.first_name) + " · " + texts.waiting;
      list.appendChild(item);
    });
  }

  function renderRejected(entries) {
    var box = screen.querySelector("[data-rejected]");
    box.innerHTML = "";
    box.classList.toggle("d-none", entries.length === 0);
    entries.forEach(function (entry) {
      var line = document.createElement("div");
      line.className = "mb-1";
      var messages = [];
      Object.keys(entry.errors || {}).forEach(function (name) { messages = messages.concat(entry.errors[name]); });
      var what = entry.type === "contact" ? (entry.nickname || entry.first_name || entry.label || "") : "";
      line.textContent = texts.rejected + " " + (what ? what + " — " : "") + messages.join(" ");
      if (entry.type === "contact") {
        var fix = document.createElement("button");
        fix.type = "button";
        fix.className = "btn btn-sm btn-outline-danger ms-2";
        fix.textContent = texts.fix;
        fix.addEventListener("click", function () { forget("rejected", entry.id).then(function () { openContactForm(entry, entry.errors); }); });
        line.appendChild(fix);
      }
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "btn btn-sm btn-link";
      drop.textContent = texts.drop;
      drop.addEventListener("click", function () { forget("rejected", entry.id); });
      line.appendChild(drop);
      box.appendChild(line);
    });
  }

  function forget(store, id) {
    return dbPromise.then(function (db) { return db.delete(store, id); }).then(reload);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The queue

  function enqueue(entry) {
    entry.id = entry.id || uuid();
    entry.user = config.user;
    entry.session = entry.session || config.session;
    entry.created = Date.now() + Math.random();
    entry.attempted = false;
    queue.push(entry);
    render();
    return dbPromise.then(function (db) { return db.put("queue", entry); }).then(function () { flush(); return entry; });
  }

  function payload(entry) {
    var copy = {};
    Object.keys(entry).forEach(function (key) {
      if (["user", "created", "attempted", "label"].indexOf(key) < 0) { copy[key] = entry[key]; }
    });
    return copy;
  }

  function flush() {
    // One sending at a time; a caller during one waits for it, then sends what was queued meanwhile.
    if (flushing) {
      return flushing.then(function () { return queue.length > 0 && navigator.onLine && !loginNeeded ? flush() : null; });
    }
    // Offline, nothing is tried: a tap taken back before any try is simply dropped from the queue.
    if (queue.length === 0 || !navigator.onLine) { return Promise.resolve(); }
    flushing = send();
    return flushing;
  }

  function send() {
    var batch = queue.slice(0, 50);
    var db;
    return dbPromise.then(function (opened) {
      db = opened;
      var tx = db.transaction("queue", "readwrite");
      batch.forEach(function (entry) { entry.attempted = true; tx.store.put(entry); });
      return tx.done;
    }).then(function () {
      return fetch(config.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
        body: JSON.stringify({ entries: batch.map(payload) })
      });
    }).then(function (response) {
      if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
        loginNeeded = true;
        return null;
      }
      if (!response.ok) { return null; }
      loginNeeded = false;
      return response.json();
    }).then(function (answer) {
      if (!answer) { return false; }
      var byId = {};
      batch.forEach(function (entry) { byId[entry.id] = entry; });
      var tx = db.transaction(["queue", "sent", "rejected"], "readwrite");
      answer.results.forEach(function (result) {
        var entry = byId[result.id];
        if (!entry) { return; }
        tx.objectStore("queue").delete(entry.id);
        if (result.status === "ok") {
          tx.objectStore("sent").put(entry);  // shown from here until the page lists it from the server
        } else {
          entry.errors = result.errors;
          tx.objectStore("rejected").put(entry);
        }
      });
      return tx.done.then(function () { return true; });
    }).catch(function () {
      return false;  // offline, or the server did not answer: everything stays queued
    }).then(function (progressed) {
      return reload().then(function () {
        flushing = null;
        if (progressed && queue.length > 0) { return flush(); }
        return null;
      });
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Steppers

  screen.addEventListener("change", function (event) {
    if (event.target.matches("input[name='via']")) { syncRelayPicker(tallyRelay, selection().via); }
    if (event.target.matches("[data-tally-relay] [data-relay-select]")) { syncRelayPicker(tallyRelay, selection().via); }
    if (event.target.matches("input[name='age_band'], input[name='sex'], input[name='via']")) { render(); }
  });

  screen.addEventListener("click", function (event) {
    var step = event.target.closest("[data-step]");
    if (!step) { return; }
    var isNew = step.closest("[data-stepper]").getAttribute("data-stepper") === "new";
    var sel = selection();
    if (step.getAttribute("data-step") === "1") {
      var all = tallies().reduce(function (sum, row) { return sum + row.count; }, 0);
      if (all + 1 > config.maxEncounters) {
        renderRejected([{ id: "limit", type: "tally", errors: { count: [format(texts["too-many"], { n: config.maxEncounters })] } }]);
        return;
      }
      var relay = relayOf(tallyRelay, sel.via);
      var problem = relayProblem(relay.relay_label);
      if (problem) {
        renderRejected([{ id: "relay", type: "tally", errors: { relay_label: [problem] } }]);
        tallyRelay.querySelector("[data-relay-label]").focus();
        return;
      }
      enqueue({ type: "tally", new: isNew, age_band: sel.age_band, sex: sel.sex, via: sel.via, relay: relay.relay, relay_label: relay.relay_label });
      return;
    }
    // Take back the latest tap of this kind: still waiting and never tried, it is just dropped; else an untally.
    var candidates = tallies().filter(function (row) { return row.id && row.count === 1 && matches(row, sel, isNew); });
    var last = candidates[candidates.length - 1];
    if (!last) { return; }
    var waiting = queue.filter(function (entry) { return entry.id === last.id && !entry.attempted; })[0];
    if (waiting) {
      queue = queue.filter(function (entry) { return entry.id !== last.id; });
      render();
      dbPromise.then(function (db) { return db.delete("queue", last.id); });
      return;
    }
    enqueue({ type: "untally", target: last.id });
  });

  var confirmButton = screen.querySelector("[data-confirm]");
  if (confirmButton) {
    confirmButton.addEventListener("click", function () {
      enqueue({ type: "confirm" });
      screen.querySelector("[data-confirm-card]").remove();
      config.planned = false;
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Named contacts

  var form = screen.querySelector("[data-contact-form]");
  var identityBox = form.querySelector("[data-identity]");
  var picked = form.querySelector("[data-picked]");
  var searchInput = screen.querySelector("[data-field-search]");
  var contactRelay = form.querySelector("[data-relay-picker]");

  form.elements.via.addEventListener("change", function () { syncRelayPicker(contactRelay, form.elements.via.value); });
  form.elements.contact_relay.addEventListener("change", function () { syncRelayPicker(contactRelay, form.elements.via.value); });
  var results = document.getElementById("field-search-results");

  function showErrors(errors) {
    form.querySelectorAll("[data-error]").forEach(function (node) {
      var name = node.getAttribute("data-error");
      var messages = (errors && errors[name]) || (name === "__all__" && errors && errors.youth) || [];
      node.textContent = messages.join(" ");
      var input = form.querySelector("[name='" + name + "'], [name='contact_" + name + "']");
      if (input) { input.classList.toggle("is-invalid", messages.length > 0); }
    });
  }

  function openContactForm(values, errors) {
    values = values || {};
    form.reset();
    form.classList.remove("d-none");
    form.elements.youth.value = values.youth || "";
    ["nickname", "first_name", "phone", "social_handle"].forEach(function (name) { form.elements[name].value = values[name] || ""; });
    if (values.via) { form.elements.via.value = values.via; }
    form.elements.contact_relay.value = values.relay_label ? "new" : (values.relay || "");
    form.elements.contact_relay_label.value = values.relay_label || "";
    syncRelayPicker(contactRelay, form.elements.via.value);
    if (values.notice) { form.querySelector("input[name='notice'][value='" + values.notice + "']").checked = true; }
    if (values.notice_channel) { form.elements.notice_channel.value = values.notice_channel; }
    identityBox.classList.toggle("d-none", !!values.youth);
    picked.classList.toggle("d-none", !values.youth);
    picked.textContent = values.youth ? values.label : "";
    showErrors(errors || {});
    document.getElementById("field-duplicates").innerHTML = "";
    results.innerHTML = "";
    searchInput.value = "";
    var first = values.youth ? form.elements.via : form.querySelector(values.phone && !values.nickname ? "[name='nickname']" : "[name='phone']");
    if (first && !values.nickname && !values.phone && !values.youth) { first = form.elements.nickname; }
    if (first) { first.focus(); }
  }

  function looksLikePhone(text) { return /^[+\d][\d\s.\-]{3,}$/.test(text); }

  screen.addEventListener("click", function (event) {
    var fresh = event.target.closest("[data-new-contact]");
    if (fresh) {
      // What was typed in the search goes into the form: a phone number as the phone, else as the nickname.
      var text = (fresh.getAttribute("data-text") || searchInput.value || "").trim();
      openContactForm(looksLikePhone(text) ? { phone: text } : { nickname: text });
      return;
    }
    var pick = event.target.closest("[data-field-pick]");
    if (pick) {
      openContactForm({ youth: pick.getAttribute("data-field-pick"), label: pick.getAttribute("data-label") });
    }
  });

  form.querySelector("[data-cancel-contact]").addEventListener("click", function () { form.classList.add("d-none"); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var values = {
      youth: form.elements.youth.value,
      label: picked.textContent,
      nickname: form.elements.nickname.value.trim(),
      first_name: form.elements.first_name.value.trim(),
      phone: form.elements.phone.value.trim(),
      social_handle: form.elements.social_handle.value.trim(),
      via: form.elements.via.value,
      notice: (form.querySelector("input[name='notice']:checked") || {}).value || "not_yet",
      notice_channel: form.elements.notice_channel.value
    };
    var relay = relayOf(contactRelay, values.via);
    values.relay = relay.relay;
    values.relay_label = relay.relay_label;
    var problem = relayProblem(values.relay_label);
    if (problem) {
      showErrors({ relay_label: [problem] });
      form.elements.contact_relay_label.focus();
      return;
    }
    if (!values.youth && !values.nickname && !values.first_name) {
      showErrors({ nickname: [texts["name-required"]] });
      form.elements.nickname.focus();
      return;
    }
    values.type = "contact";
    if (!values.youth) { values.youth = null; values.label = values.nickname || values.first_name; }
    form.classList.add("d-none");
    form.reset();
    enqueue(values);
  });

  // ---------------------------------------------------------------------------------------------------------------
  // The information notice, shown on the phone

  var notice = screen.querySelector("[data-notice]");
  screen.querySelector("[data-show-notice]").addEventListener("click", function () { notice.showModal(); });
  notice.querySelector("[data-notice-close]").addEventListener("click", function () { notice.close(); });
  notice.querySelector("[data-notice-toggle]").addEventListener("click", function (event) {
    var easy = notice.querySelector("[data-notice-easy]");
    var showEasy = easy.classList.contains("d-none");
    easy.classList.toggle("d-none", !showEasy);
    notice.querySelector("[data-notice-full]").classList.toggle("d-none", showEasy);
    event.currentTarget.setAttribute("aria-pressed", showEasy ? "true" : "false");
  });

  // ---------------------------------------------------------------------------------------------------------------
  // End of session: mark it done (through the queue), then the session's page once everything is sent.

  screen.querySelector("[data-finish-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    enqueue({ type: "confirm" }).then(function () { return flush(); }).then(function () {
      var done = screen.querySelector("[data-finished]");
      done.querySelector("[data-finished-text]").textContent = queue.length === 0 ? texts.finished : texts["finished-offline"];
      done.classList.remove("d-none");
      done.focus();
    });
  });

  // ---------------------------------------------------------------------------------------------------------------
  // Sending when the network comes back, and the offline copy of this page

  window.addEventListener("online", function () { render(); flush(); });
  window.addEventListener("offline", render);
  window.setInterval(flush, 15000);

  if ("serviceWorker" in navigator && config.swUrl) {
    navigator.serviceWorker.register(config.swUrl, { scope: config.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.cached === window.location.href) { document.documentElement.setAttribute("data-offline-ready", ""); }
      });
      if (navigator.onLine && registration.active) { registration.active.postMessage({ cache: window.location.href }); }
      else if (!navigator.onLine) { document.documentElement.setAttribute("data-offline-ready", ""); }
    }).catch(function () { /* no offline copy: the page still works online */ });
  }

  syncRelayPicker(tallyRelay, selection().via);
  reload().then(flush);
})();
