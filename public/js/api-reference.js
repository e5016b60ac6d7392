// Renders GET /api/openapi.json with the vendored swagger-ui (public/api-reference.html).
window.SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#reference', deepLinking: true, tryItOutEnabled: false });
