(function () {
  "use strict";
  var body = document.body;
  var tip = document.getElementById("tip");
  var buttons = document.querySelectorAll("[data-view]");
  function setView(view) {
    body.classList.toggle("view-original", view === "original");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-view") === view ? "true" : "false");
    }
  }
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (event) { setView(event.currentTarget.getAttribute("data-view")); });
  }
  if (location.hash === "#original") { setView("original"); }
  window.reviewSetView = setView;

  var toggles = document.querySelectorAll("input[data-hide]");
  for (var j = 0; j < toggles.length; j++) {
    toggles[j].addEventListener("change", function (event) {
      body.classList.toggle("hide-" + event.currentTarget.getAttribute("data-hide"), !event.currentTarget.checked);
    });
  }

  // Phones have no hover: a tap on a mark shows its details in a bar at the bottom.
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest(".text [data-k][title]") : null;
    var previous = document.querySelectorAll(".hit");
    for (var k = 0; k < previous.length; k++) { previous[k].classList.remove("hit"); }
    if (!mark) { tip.classList.remove("on"); return; }
    var pieces = document.querySelectorAll(".text [data-k='" + mark.getAttribute("data-k") + "']");
    for (var m = 0; m < pieces.length; m++) { pieces[m].classList.add("hit"); }
    tip.textContent = mark.textContent + " — " + mark.getAttribute("title");
    tip.classList.add("on");
  });

  // Outline links go to the heading in the view that is shown.
  var links = document.querySelectorAll("a[data-h]");
  for (var n = 0; n < links.length; n++) {
    links[n].addEventListener("click", function (event) {
      var index = event.currentTarget.getAttribute("data-h");
      var id = (body.classList.contains("view-original") ? "oh" : "h") + index;
      var target = document.getElementById(id);
      if (target) { event.preventDefault(); target.scrollIntoView(); }
    });
  }
})();
