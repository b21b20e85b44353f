// Upload page: refuses a too large selection before sending, and shows the upload's progress. Without this script the
// form posts as usual (the server checks the size too).
(function () {
  'use strict';
  var form = document.querySelector('form.upload-form');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var max = Number(form.getAttribute('data-max-bytes'));
  var error = form.querySelector('.upload-client-error');
  var progressRow = form.querySelector('.upload-progress');
  var progress = form.querySelector('progress');
  form.addEventListener('submit', function (event) {
    var total = 0;
    form.querySelectorAll('input[type=file]').forEach(function (input) {
      for (var i = 0; i < input.files.length; i++) total += input.files[i].size;
    });
    if (max > 0 && total > max) {
      event.preventDefault();
      error.textContent = 'De gekozen bestanden zijn samen groter dan het maximum. Upload ze één voor één.';
      return;
    }
    event.preventDefault();
    error.textContent = '';
    progressRow.hidden = false;
    var request = new XMLHttpRequest();
    request.open('POST', form.action || window.location.href);
    request.setRequestHeader('Accept', 'text/html');
    request.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total);
    });
    request.addEventListener('load', function () {
      var page = new DOMParser().parseFromString(request.responseText, 'text/html');
      var main = page.querySelector('main');
      if (main) {
        document.querySelector('main').replaceWith(main);
        // The new state part polls while the workflow reads the export in: htmx must know the new content.
        if (window.htmx) { window.htmx.process(main); }
        document.title = page.title;
        var heading = main.querySelector('h1');
        if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
      } else {
        error.textContent = 'De upload is niet gelukt. Vernieuw de pagina en probeer het opnieuw.';
      }
    });
    request.addEventListener('error', function () {
      error.textContent = 'De verbinding viel weg tijdens de upload. Er is niets opgeslagen; probeer het opnieuw.';
    });
    request.send(new FormData(form));
  });
}());
