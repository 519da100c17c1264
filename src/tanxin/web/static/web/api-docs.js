/* Starts the vendored Swagger UI on /api/v1/docs. Settings come from a JSON data block, so the page needs no
   inline script. Requests carry the session's CSRF token, as the API accepts the browser session. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrf = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [window.SwaggerUIBundle.presets.apis];
  if (csrf) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrf;
      return request;
    };
  }
  window.SwaggerUIBundle(config);
})();
