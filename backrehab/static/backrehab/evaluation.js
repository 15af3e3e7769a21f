// Evaluation screens: hide questions that cannot apply given an earlier answer on the same
// screen. Without this script every question shows and the server ignores the ones that
// do not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.step-form");
  if (!form) return;

  function question(name) {
    return document.getElementById("q-" + name);
  }
  function answer(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : "";
  }
  function show(name, visible) {
    var block = question(name);
    if (!block) return;
    block.hidden = !visible;
    if (!visible) {
      // A hidden answer must not be sent: it would contradict the visible ones.
      block.querySelectorAll("input:checked").forEach(function (input) {
        input.checked = false;
      });
      block.querySelectorAll('input[type="number"]').forEach(function (input) {
        input.value = "";
      });
    }
  }
  function update() {
    if (question("sex")) {
      var male = answer("sex") === "male";
      show("pregnant", !male);
      show("trimester", !male && answer("pregnant") === "yes");
      show("pelvic_girdle_pain", !male && answer("pregnant") === "yes");
    }
    if (question("surgery__procedure")) {
      var ticked = form.querySelector('input[name="ticked"][value="recent_spinal_procedure"]');
      var operated = !!(ticked && ticked.checked);
      ["surgery__procedure", "surgery__weeks_since", "surgery__surgeon_cleared",
        "surgery__wound_problem", "surgery__new_severe_pain"].forEach(function (name) {
        show(name, operated);
      });
    }
    if (question("history__doctor_assessed_cancer_history")) {
      show("history__doctor_assessed_cancer_history", answer("history__seen_doctor") === "yes");
    }
    if (question("location__area")) {
      var legs = answer("location__area") !== "back-only";
      show("location__sides", legs);
      show("location__nerve_symptoms", legs);
    }
  }
  // A safety screen: "None of these" and a ticked question cannot both stand. The server
  // refuses the pair too; this only saves the patient a round trip.
  function exclusive(event) {
    var box = event.target;
    if (!box || box.name !== "ticked" || !box.checked) return;
    var none = box.value === "none";
    form.querySelectorAll('input[name="ticked"]').forEach(function (other) {
      if (other !== box && (none || other.value === "none")) other.checked = false;
    });
  }
  form.addEventListener("change", exclusive);
  form.addEventListener("change", update);
  update();
})();
