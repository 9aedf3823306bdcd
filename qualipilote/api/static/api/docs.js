// Swagger UI on the API docs page, from a file (the Content-Security-Policy refuses inline
// scripts). The schema's address is on the container.
document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("swagger-ui");
  if (!container || typeof SwaggerUIBundle === "undefined") return;
  SwaggerUIBundle({
    url: container.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    persistAuthorization: false,
    withCredentials: true,
  });
});
