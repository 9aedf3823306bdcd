/* Live page of an emergency communication event (crisis/templates/crisis/live.html).
 *
 * - keeps the prefilled time of each step at the current Paris time until the person edits it;
 * - counts down the one-hour deadlines;
 * - sends a step with fetch; without a connection the step is kept in localStorage and sent
 *   when the connection returns (each step carries its client_key: the server records a step
 *   sent twice once), or the page says plainly that it was NOT saved.
 * No inline script anywhere (Content-Security-Policy script-src 'self').
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-crisis-live]");
  if (!root) {
    return;
  }
  var QUEUE_KEY = "qualipilote-crisis-queue";
  var statusBox = root.querySelector("[data-crisis-status]");
  var queueBox = root.querySelector("[data-crisis-queue]");
  var sending = false;
  var SIGNED_OUT =
    "Votre session a expiré : l'étape est gardée sur ce téléphone mais PAS encore enregistrée. " +
    "Reconnectez-vous dans un autre onglet puis revenez ici : elle sera envoyée.";

  function parisNow() {
    var parts = {};
    new Intl.DateTimeFormat("fr-FR", {
      timeZone: "Europe/Paris",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date())
      .forEach(function (part) {
        parts[part.type] = part.value;
      });
    return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    return Date.now().toString(16) + Math.random().toString(16).slice(2);
  }

  function say(kind, text) {
    var alert = document.createElement("div");
    alert.className = "fr-alert fr-alert--sm fr-alert--" + kind;
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    alert.appendChild(paragraph);
    statusBox.replaceChildren(alert);
  }

  // Prefilled times follow the clock until edited.
  var timeInputs = root.querySelectorAll("[data-step-form] input[type=datetime-local]");
  timeInputs.forEach(function (input) {
    input.addEventListener("input", function () {
      input.dataset.edited = "1";
    });
  });
  function refreshTimes() {
    var now = parisNow();
    timeInputs.forEach(function (input) {
      if (!input.dataset.edited && !input.getAttribute("aria-invalid")) {
        input.value = now;
      }
    });
  }

  // Countdowns of the one-hour deadlines.
  function twoDigits(value) {
    return (value < 10 ? "0" : "") + value;
  }
  function refreshCountdowns() {
    root.querySelectorAll("[data-due]").forEach(function (node) {
      var seconds = Math.round((Date.parse(node.dataset.due) - Date.now()) / 1000);
      var late = seconds < 0;
      var rest = Math.abs(seconds);
      var hours = Math.floor(rest / 3600);
      var minutes = Math.floor((rest % 3600) / 60);
      var text = (hours ? hours + " h " : "") + twoDigits(minutes) + " min " + twoDigits(rest % 60) + " s";
      node.textContent = late ? "Dépassé de " + text : "Reste " + text;
      node.closest(".crisis-deadline").classList.toggle("crisis-deadline--late", late);
    });
  }

  // The queue of steps typed without a connection.
  function readQueue() {
    try {
      return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
    } catch (error) {
      return [];
    }
  }
  function writeQueue(queue) {
    window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); // may throw
  }
  function showQueue() {
    var queue = readQueue();
    queueBox.hidden = queue.length === 0;
    if (!queue.length) {
      queueBox.replaceChildren();
      return;
    }
    var alert = document.createElement("div");
    alert.className = "fr-alert fr-alert--warning fr-alert--sm";
    var title = document.createElement("p");
    title.textContent =
      queue.length +
      (queue.length > 1 ? " étapes gardées" : " étape gardée") +
      " sur ce téléphone, pas encore enregistrée" +
      (queue.length > 1 ? "s" : "") +
      " : envoi au retour de la connexion.";
    alert.appendChild(title);
    var list = document.createElement("ul");
    queue.forEach(function (entry) {
      var item = document.createElement("li");
      item.textContent = entry.label + " — " + entry.at.replace("T", " à ");
      list.appendChild(item);
    });
    alert.appendChild(list);
    queueBox.replaceChildren(alert);
  }

  // Sends one step: resolves with {saved, message, needs_fold} or rejects on a network failure.
  function send(entry) {
    // The token of this page: the one saved with the step is stale after signing in again.
    var body = new URLSearchParams(entry.body);
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) {
      body.set("csrfmiddlewaretoken", token.value);
    }
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: body.toString(),
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.status >= 500 || !json) {
        // Server down, or an HTML page instead of the answer (session expired: the sign-in
        // page; CSRF refusal): the step is kept, like without a connection.
        var error = new Error("no answer " + response.status);
        error.signIn = !json && response.status < 500;
        throw error;
      }
      return response.json();
    });
  }

  function flush() {
    if (sending) {
      return Promise.resolve();
    }
    var queue = readQueue();
    if (!queue.length) {
      return Promise.resolve();
    }
    sending = true;
    var entry = queue[0];
    return send(entry)
      .then(function (answer) {
        writeQueue(readQueue().filter(function (other) { return other.key !== entry.key; }));
        if (answer.saved) {
          say("success", answer.message + " (envoyée au retour de la connexion)");
        } else {
          say("error", entry.label + " (" + entry.at.replace("T", " à ") + ") n'a PAS été enregistrée : " + answer.message);
        }
        sending = false;
        showQueue();
        return flush();
      })
      .catch(function (error) {
        sending = false; // still offline (or signed out): keep the queue
        if (error && error.signIn) {
          say("warning", SIGNED_OUT);
        }
      });
  }

  function submitStep(event) {
    event.preventDefault();
    var form = event.target;
    var keyInput = form.querySelector("input[name$='client_key']");
    if (!keyInput.value) {
      keyInput.value = newKey();
    }
    var label = form.querySelector("input[name=step]").value;
    var button = form.querySelector("button[type=submit]");
    var entry = {
      key: keyInput.value,
      url: window.location.pathname,
      body: new URLSearchParams(new FormData(form)).toString(),
      label: button.textContent.replace(/^[^:]*:\s*/, ""),
      at: form.querySelector("input[type=datetime-local]").value,
      step: label,
    };
    button.disabled = true;
    send(entry)
      .then(function (answer) {
        button.disabled = false;
        if (answer.saved) {
          window.location.assign(window.location.pathname + "?ok=" + encodeURIComponent(entry.step));
          return;
        }
        if (answer.needs_fold) {
          form.querySelector("[data-fold]").hidden = false;
        }
        say("error", "Non enregistrée : " + answer.message);
      })
      .catch(function (failure) {
        button.disabled = false;
        try {
          var queue = readQueue();
          queue.push(entry);
          writeQueue(queue);
        } catch (error) {
          say(
            "error",
            "Pas de connexion, et ce navigateur ne peut pas garder l'étape : « " + entry.label +
              " » n'a PAS été enregistrée. Notez l'heure et recommencez dès le retour du réseau."
          );
          return;
        }
        keyInput.value = newKey(); // the next tap is another step
        say(
          "warning",
          failure && failure.signIn
            ? SIGNED_OUT
            : "Pas de connexion : « " + entry.label + " » (" + entry.at.replace("T", " à ") +
                ") est gardée sur ce téléphone et sera envoyée au retour du réseau."
        );
        showQueue();
      });
  }

  root.querySelectorAll("[data-step-form]").forEach(function (form) {
    form.addEventListener("submit", submitStep);
  });
  window.addEventListener("online", flush);
  refreshTimes();
  refreshCountdowns();
  showQueue();
  flush();
  window.setInterval(refreshTimes, 20000);
  window.setInterval(refreshCountdowns, 1000);
  window.setInterval(flush, 15000);
})();
