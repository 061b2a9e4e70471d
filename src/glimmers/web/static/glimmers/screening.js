// Questionnaires: the moment a watched question (PHQ-9 question 9, a triage
// red flag) gets a worrying answer, show crisis lines and the safety plan
// right there, before any further question. No network, no storage; without
// JavaScript the server shows the same block when the form is sent.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire");
  var support = document.getElementById("inline-support");
  if (!form || !support) return;
  var watched = (form.getAttribute("data-watch") || "").split(" ").filter(Boolean);
  if (!watched.length) return;

  function worrying(input) {
    // questionnaires: any answer above 0; triage: "1" means yes
    return input.checked && parseInt(input.value, 10) > 0;
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || watched.indexOf(input.name) === -1 || !worrying(input)) return;
    if (!support.hidden) return;
    var fieldset = input.closest("fieldset");
    if (fieldset && fieldset.parentNode) fieldset.parentNode.insertBefore(support, fieldset.nextSibling);
    support.hidden = false;
  });
})();
