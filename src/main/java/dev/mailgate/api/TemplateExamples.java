package dev.mailgate.api;

/** The OpenAPI examples of users' templates; docs/templates.md shows the same, and a test runs them. */
final class TemplateExamples {

    static final String PUT = """
            {"schema":{"type":"object","required":["name","orders"],"properties":{
              "name":{"type":"string","maxLength":100},
              "orders":{"type":"array","maxItems":50,"items":{"type":"object","required":["id"],"properties":{
                "id":{"type":"string"},"total":{"type":"number","minimum":0}}}}}},
             "subject":"{data.name}，您的订单已发货",
             "html":"<p>{data.name}，您好：</p><ul>{#for o in data.orders}<li>{o.id}：{o.total.format ?: '-'}</li>{/for}</ul>",
             "text":"{data.name}，您好：{#for o in data.orders}\\n- {o.id}{/for}",
             "defaultLocale":"zh-CN",
             "locales":{"en":{"subject":"{data.name}, your order has shipped",
               "html":"<p>Hello {data.name},</p><ul>{#for o in data.orders}<li>{o.id}</li>{/for}</ul>"}}}""";

    static final String VIEW = """
            {"name":"order-shipped","origin":"api","version":1,"updatedAt":"2026-12-06T08:00:00Z",
             "schema":{"type":"object","required":["name","orders"],"properties":{"name":{"type":"string"}}},
             "subject":"{data.name}，您的订单已发货","html":"<p>{data.name}，您好：</p>…","defaultLocale":"zh-CN"}""";

    static final String REFUSED = """
            {"type":"urn:mailgate:problem:template-invalid","title":"Invalid template","status":400,
             "detail":"The template has 2 problem(s); nothing was stored and the live version, if any, is unchanged.",
             "errors":[{"field":"html","message":"line 1, column 4: `data.nmae`: `data` has no field `nmae`; did you mean `name`?"},
               {"field":"schema.properties.name.pattern","message":"`pattern` is outside the supported subset of JSON Schema for string (supported: enum, format, maxLength, type)"}]}""";

    private TemplateExamples() {
    }
}
