// The CORS preflight answer: no input is used, nothing to find here.
export const preflight = async () => ({
  statusCode: 204,
  headers: { 'Access-Control-Allow-Origin': 'https://orders.example.com', 'Access-Control-Allow-Methods': 'GET,POST' },
});
