"""Request and response bodies of the HTTP API (they are also its OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from zuoye.messages import say
from zuoye.text import check_text
from zuoye.tutor.tutor import MAX_QUESTION_CHARS
from zuoye.vocabulary import Ceiling, Grade, Mode, ModeAlias

ID_PATTERN = r"^[0-9a-f]{32}$"
ModeName = Mode | ModeAlias  # the API takes the English names too


class _Strict(BaseModel):
    """A request body: unknown fields and control characters in any text are refused (422)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        return check_text(value) if isinstance(value, str) else value

    @model_validator(mode="before")
    @classmethod
    def _no_ceiling(cls, data: Any) -> Any:
        # Say why, rather than "extra inputs are not permitted": this one is a policy.
        if isinstance(data, dict) and "help_ceiling" in data:
            raise ValueError(say("web.help_ceiling_per_question"))
        return data


class AskOptions(_Strict):
    mode: ModeName | None = Field(None, description="讲解 explain / 提示 hint / 批改 check / 练习 practice")
    grade: Grade | None = None
    model: str | None = Field(None, min_length=1, max_length=64, description="see GET /api/models")
    stream: bool = Field(True, description="true: text/event-stream; false: one JSON object at the end")


class AskRequest(AskOptions):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    conversation_id: str | None = Field(
        None, pattern=ID_PATTERN, description="continue this conversation; omit to start a new one"
    )
    photo_id: str | None = Field(
        None,
        pattern=ID_PATTERN,
        description="the photo the question was read from (`photo_id` of POST /api/photo): kept with the turn",
    )


class RegenerateRequest(AskOptions):
    pass


class CreateConversation(_Strict):
    title: str = Field("新对话", min_length=1, max_length=200)
    mode: ModeName | None = None
    grade: Grade | None = None
    model: str | None = Field(None, min_length=1, max_length=64)


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class Segment(BaseModel):
    """A run of the answer: Markdown text, or one formula (LaTeX, delimiters removed)."""

    kind: Literal["text", "inline", "display"]
    content: str


class TurnOut(BaseModel):
    id: int
    question: str
    answer: str
    answer_segments: list[Segment] = Field(
        description="the answer cut into Markdown text and formulae by zuoye.render (what the page renders)"
    )
    status: Literal["pending", "complete", "incomplete", "failed"]
    error: str | None
    mode: str
    model: str
    usage: Usage
    checks: list[dict[str, Any]]
    in_context: bool = Field(description="false once regenerated or cleared: no longer sent to the model")
    photo_url: str | None = Field(
        default=None, description="the photo the question was read from (GET it), if it was asked from one"
    )
    regenerated: bool = Field(
        default=False,
        description="its question was answered again: the conversation's next turn is the newer answer "
        "to the same question (the page shows them as versions 1/2 of one answer)",
    )
    created_at: datetime
    completed_at: datetime | None


class ConversationSummary(BaseModel):
    id: str
    title: str
    model: str
    grade: str
    mode: str
    created_at: datetime
    updated_at: datetime
    turn_count: int


class ConversationList(BaseModel):
    conversations: list[ConversationSummary]
    limit: int
    offset: int


class Owner(BaseModel):
    id: str
    name: str


class ConversationOut(BaseModel):
    id: str
    title: str
    model: str
    grade: str
    mode: str
    created_at: datetime
    updated_at: datetime
    turns: list[TurnOut]
    running: bool = Field(description="an answer is being written right now")
    read_only: bool = Field(False, description="true when a teacher or parent views a student's conversation")
    owner: Owner | None = None


class AskResult(BaseModel):
    """The non-streamed answer (`"stream": false`)."""

    conversation_id: str
    turn: TurnOut
    notices: list[dict[str, str]]


class LoginRequest(_Strict):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class UserOut(BaseModel):
    id: str
    name: str
    role: str


class Quota(BaseModel):
    limit: int = Field(description="questions per day; 0 means no limit")
    used: int
    remaining: int | None


class Guardian(BaseModel):
    name: str
    role: str


class MeOut(BaseModel):
    mode: Literal["single-user", "multi-user"]
    user: UserOut
    help_ceiling: Ceiling
    quota: Quota | None
    watched_by: list[Guardian] = Field(
        description="teachers and parents who can read this user's conversations"
    )
    offline: bool = Field(description="ERNIE is not configured: maths is answered by the local solver")


class TokenCreate(_Strict):
    label: str = Field("", max_length=100)
    expires_in_days: int | None = Field(
        None, ge=1, description="lifetime in days (default and maximum: the server's settings)"
    )


class TokenOut(BaseModel):
    id: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(description="the secret: shown this once, store it safely")


class StudentOut(BaseModel):
    id: str
    name: str
    help_ceiling: Ceiling
    help_ceiling_set: bool = Field(description="false: the server's default applies")
    questions_today: int


class StudentSettings(_Strict):
    help_ceiling: Ceiling | None = Field(description="null returns to the server's default")

    @model_validator(mode="before")
    @classmethod
    def _no_ceiling(cls, data: Any) -> Any:  # here help_ceiling is the point
        return data


class ModelOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str = Field(
        validation_alias=AliasChoices("model", "name"),
        description="what to send as `model`: an ERNIE name, or PROVIDER/model",
    )
    provider: str
    supports_tools: bool = Field(description="it calls the maths solver as a tool")
    description: str


class ProviderOut(BaseModel):
    name: str
    protocol: str = Field(description="v2 | v1 | openai")
    listed_by: Literal["service", "table"] = Field(
        description="service: the models it reported (GET …/models); table: the models zuoye knows"
    )
    error: str | None = Field(description="why it could not be asked, or why its list is zuoye's own")


class ModelsOut(BaseModel):
    models: list[ModelOut]
    default: str
    offline: bool
    providers: list[ProviderOut]
    modes: list[str]
    grades: list[str]


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: str
    ernie: Literal["configured", "not_configured"]
    providers: list[str] = Field(description="the model services configured (none: offline)")
    mode: Literal["single-user", "multi-user"]
    running_answers: int
    fleet: dict[str, Any] | None = Field(
        None,
        description="with ZUOYE_REDIS_URL: whether Redis answers, and whether this process shares the "
        "model quota or works on its own share of it",
    )


class PhotoOut(BaseModel):
    text: str = Field(description="the recognised question, ready to edit and ask")
    lines: list[str]
    questions: list[str] = Field(
        description="the questions on the page, each without its number (one: the whole text); "
        "with several, the student picks one"
    )
    doubts: list[str] = Field(
        description="what the student should check against the photo before asking (Chinese, then English); "
        "empty when every part of the maths was read for certain"
    )
    source: Literal["ocr", "vision"] = Field(description="read on this server, or by the vision model")
    model: str | None = Field(None, description="the vision model that read it")
    photo_id: str | None = Field(
        None,
        description="the stored photo: send it with the question (POST /api/ask) to keep it with the turn",
    )
