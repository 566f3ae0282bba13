"""Codes of the HTTP service (E850–E869): every error the service answers is one of these (or a
code of the library it called), as JSON `{"code", "message": {"zh", "en"}}`."""

from __future__ import annotations

from ..diagnostics import Severity, register

E = Severity.ERROR
register("E850", E, "请求体过大（上限 {limit} 字节）", "request body too large (limit {limit} bytes)")
register("E851", E, "请求体不是有效的 JSON：{reason}", "the request body is not valid JSON: {reason_en}")
register(
    "E852",
    E,
    "不支持的内容类型“{type}”，可用：{choices}",
    "unsupported content type '{type}'; use one of: {choices}",
)
register("E853", E, "请求字段有误：{reason}", "invalid request field: {reason_en}")
register("E854", E, "记录过多（{count} 条，上限 {limit}）", "too many records ({count}, limit {limit})")
register("E855", E, "请求处理超时（上限 {limit} 秒）", "the request took too long (limit {limit} s)")
register("E856", E, "没有这个地址：{path}", "no such endpoint: {path}")
register("E857", E, "{path} 不接受 {method} 请求", "{path} does not accept {method}")
register(
    "E858",
    E,
    "不支持的上传文件类型“{suffix}”，可用：{choices}",
    "unsupported upload type '{suffix}'; use one of: {choices}",
)
register("E859", E, "服务内部错误（{kind}），请求未完成", "internal error ({kind}); the request was not completed")
register(
    "E860", E, "未知的输出格式“{format}”，可用：{choices}", "unknown output format '{format}'; use one of: {choices}"
)
register(
    "E861",
    E,
    "指标文件有 {count} 个错误，无法{action}（见 diagnostics）",
    "the indicator file has errors ({count}) and cannot be {action_en} (see diagnostics)",
)
register("E862", E, "上传的文本既不是 UTF-8 也不是 GBK", "the uploaded text is neither UTF-8 nor GBK")
register(
    "E863",
    E,
    "服务繁忙（{limit} 个请求在排队），请稍后再试",
    "the service is busy ({limit} requests queued); try again later",
)
del E
