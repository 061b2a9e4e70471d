// Guided exercises in the browser: a paced timer that announces each step to
// screen readers (once per step, not every second), works from the keyboard
// with ordinary buttons, and draws no animation when reduced motion is asked
// for (the CSS handles that). When the exercise ends or is stopped, the log
// form below is filled in with how far it got. No network, no storage.
(function () {
  "use strict";
  var root = document.getElementById("exercise");
  var dataNode = document.getElementById("exercise-data");
  if (!root || !dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var steps = data.steps; // [{text, seconds, kind}], rounds already expanded
  var total = steps.reduce(function (sum, step) { return sum + step.seconds; }, 0);

  var stepText = document.getElementById("step-text");
  var stepLeft = document.getElementById("step-left");
  var progress = document.getElementById("exercise-progress");
  var visual = document.getElementById("exercise-visual");
  var startButton = document.getElementById("exercise-start");
  var pauseButton = document.getElementById("exercise-pause");
  var stopButton = document.getElementById("exercise-stop");
  var form = document.getElementById("exercise-log");
  var field = function (name) { return form ? form.elements.namedItem(name) : null; };

  var elapsedBefore = 0; // active seconds banked before the current run
  var runStartedAt = null; // performance.now() of the current run, null when paused
  var timer = null;
  var shownIndex = -1;
  var finished = false;
  var labels = data.labels;

  function elapsed() {
    return elapsedBefore + (runStartedAt === null ? 0 : (performance.now() - runStartedAt) / 1000);
  }

  function position(seconds) {
    var start = 0;
    for (var i = 0; i < steps.length; i++) {
      if (seconds < start + steps[i].seconds) return { index: i, left: start + steps[i].seconds - seconds, done: i };
      start += steps[i].seconds;
    }
    return { index: steps.length, left: 0, done: steps.length };
  }

  var afterFields = document.getElementById("exercise-after");
  var howFar = document.getElementById("exercise-how-far");

  function record(completed) {
    var at = position(elapsed());
    field("completed").value = completed ? "1" : "0";
    field("steps_done").value = String(completed ? steps.length : at.done);
    field("active_seconds").value = String(Math.round(Math.min(elapsed(), total)));
    afterFields.hidden = false;
    // The buttons that had focus are gone; move it to the questions that follow.
    var next = afterFields.querySelector("[data-focus-after]");
    if (next) next.focus();
  }

  function render() {
    var seconds = elapsed();
    var at = position(seconds);
    progress.value = Math.min(seconds, total);
    progress.textContent = Math.round((100 * Math.min(seconds, total)) / total) + "%";
    if (at.index >= steps.length) {
      finish(true);
      return;
    }
    var step = steps[at.index];
    if (at.index !== shownIndex) {
      shownIndex = at.index;
      stepText.textContent = step.text; // the live region announces this once
      visual.setAttribute("data-kind", step.kind);
      visual.textContent = labels[step.kind] || "";
      visual.style.setProperty("--step-seconds", step.seconds + "s");
    }
    stepLeft.textContent = labels.left.replace("%s", String(Math.ceil(at.left)));
  }

  function run() {
    runStartedAt = performance.now();
    timer = window.setInterval(render, 250);
    render();
  }

  function pause() {
    elapsedBefore = elapsed();
    runStartedAt = null;
    window.clearInterval(timer);
    timer = null;
  }

  function finish(completed) {
    if (finished) return;
    if (runStartedAt !== null) pause();
    finished = true;
    startButton.hidden = true;
    pauseButton.hidden = true;
    stopButton.hidden = true;
    visual.removeAttribute("data-kind");
    visual.textContent = "";
    stepText.textContent = completed ? labels.finished : labels.stopped;
    stepLeft.textContent = "";
    record(completed);
  }

  // With JavaScript the timer fills in how far it got; the after-questions
  // appear when it ends. Without it, the person answers them by hand.
  afterFields.hidden = true;
  howFar.hidden = true;
  root.hidden = false;
  document.getElementById("exercise-static").hidden = true;

  startButton.addEventListener("click", function () {
    field("started_at").value = new Date().toISOString();
    startButton.hidden = true;
    pauseButton.hidden = false;
    stopButton.hidden = false;
    run();
    pauseButton.focus();
  });

  pauseButton.addEventListener("click", function () {
    if (runStartedAt === null) {
      run();
      pauseButton.textContent = labels.pause;
      pauseButton.setAttribute("aria-pressed", "false");
    } else {
      pause();
      pauseButton.textContent = labels.resume;
      pauseButton.setAttribute("aria-pressed", "true");
      stepLeft.textContent = labels.paused;
    }
  });

  stopButton.addEventListener("click", function () { finish(false); });
})();
