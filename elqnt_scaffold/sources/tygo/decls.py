"""tygo v0.2.20's `write_toplevel.go`, `write_headers.go` and `package_generator.go`, ported:
declarations (types, consts, `//tygo:emit` vars), enum/union styles and per-file sections."""

from __future__ import annotations

import re

from .nodes import BasicLit, GenDecl, GoFile, Ident, Index, Selector, Star, StructT, TypeSpec, Unconvertible, ValueSpec
from .tags import parse_tags
from .write import Writer, is_exported

_IOTA = re.compile(r"\biota\b", re.ASCII)


def _is_probably_iota(value: str) -> bool:
    return not any(c in value for c in '"`') and _IOTA.search(value) is not None


def _replace_iota(value: str, iota: int) -> str:
    return _IOTA.sub(str(iota), value)


class _Group:
    def __init__(self, decl: GenDecl):
        self.is_grouped = len(decl.specs) > 1
        self.doc = decl.doc
        self.group_type = ""
        self.group_value = ""
        self.iota = -1


class _EnumGroup:
    def __init__(self, type_name: str, prefix: str, constants: list[ValueSpec], doc):
        self.type_name = type_name
        self.prefix = prefix
        self.constants = constants
        self.doc = doc


class PackageGenerator(Writer):
    def __init__(self, conf: dict):
        super().__init__(conf)
        self.generated_enums: set[str] = set()
        self.file: GoFile | None = None

    # ---- files
    def generate_file(self, s: list[str], f: GoFile, filename: str) -> None:
        self.file = f
        for decl in f.const_decls:
            group = self.detect_enum_group(decl)
            if group is not None:
                self.generated_enums.add(group.type_name)
        first = True
        for decl in f.decls:
            is_emit = False
            if decl.tok == "var":
                is_emit = self.is_emit_var(decl)
                if not is_emit:
                    continue
            if first:
                self.write_file_source_header(s, filename, f)
                first = False
            if is_emit:
                v = decl.specs[0].values[0].value
                if len(v) >= 2:
                    s.append(v[1:-1] + "\n")
                continue
            self.write_group_decl(s, decl)

    def write_file_source_header(self, s: list[str], filename: str, f: GoFile) -> None:
        s.append("\n//////////\n// source: " + filename + "\n")
        if f.doc is not None and self.preserve_doc_comments():
            s.append("/*\n" + f.doc.text() + "*/\n")
        s.append("\n")

    def is_emit_var(self, decl: GenDecl) -> bool:
        if decl.doc is None:
            return False
        for c in decl.doc.comments:
            if c.startswith("//tygo:emit"):
                if not decl.specs:
                    raise Unconvertible(decl.line, "//tygo:emit above an empty `var ()`: give it a string value")
                spec = decl.specs[0]
                if not spec.values:
                    raise Unconvertible(decl.line, "//tygo:emit on a var without a value")
                v = spec.values[0]
                return isinstance(v, BasicLit) and v.kind == "STRING"
        return False

    # ---- declarations
    def write_group_decl(self, s: list[str], decl: GenDecl) -> None:
        grouped = len(decl.specs) > 1
        if not decl.specs:
            raise Unconvertible(decl.line, "empty declaration group")
        if not grouped:
            spec = decl.specs[0]
            if isinstance(spec, TypeSpec) and not is_exported(spec.name):
                return
            if isinstance(spec, ValueSpec) and not is_exported(spec.names[0]):
                return
        enum_group = self.detect_enum_group(decl)
        if enum_group is not None:
            if self.conf["enum_style"] == "enum":
                self.write_ts_enum(s, enum_group)
            else:
                self.write_ts_union(s, enum_group)
        if not grouped and self.preserve_type_comments():
            self.write_comment_group(s, decl.doc, 0)
        group = _Group(decl)
        skip = {id(vs) for vs in enum_group.constants} if enum_group is not None else set()
        for spec in decl.specs:
            if id(spec) in skip:
                continue
            if isinstance(spec, TypeSpec):
                if is_exported(spec.name):
                    self.write_type_spec(s, spec, group)
            else:
                self.write_value_spec(s, spec, group)

    def write_type_spec(self, s: list[str], ts: TypeSpec, group: _Group) -> None:
        if ts.name in self.generated_enums:
            return
        if ts.doc is not None and self.preserve_type_comments():
            self.write_comment_group(s, ts.doc, 0)
        elif group.is_grouped and self.preserve_type_comments():
            self.write_comment_group(s, group.doc, 0)
        if isinstance(ts.type, StructT):
            s.append("export interface " + ts.name)
            if self.conf["extends"]:
                s.append(" extends " + self.conf["extends"])
            if ts.type_params is not None:
                self.write_type_params_fields(s, ts.type_params)
            self.write_type_inheritance_spec(s, ts.type.fields)
            s.append(" {\n")
            self.write_struct_fields(s, ts.type.fields, 0)
            s.append("}")
        elif isinstance(ts.type, Ident):
            s.append(f"export type {ts.name} = {self.ident(ts.type.name)};")
        else:
            s.append("export type " + ts.name)
            if ts.type_params is not None:
                self.write_type_params_fields(s, ts.type_params)
            s.append(" = ")
            self.write_type(s, ts.type, None, 0, True)
            s.append(";")
        if ts.comment is not None and self.preserve_type_comments():
            self.write_single_line_comment(s, ts.comment)
        else:
            s.append("\n")

    def write_type_inheritance_spec(self, s: list[str], fields) -> None:
        inheritances = []
        for f in fields:
            if f.tag is None:
                continue
            ts_tag = parse_tags(f.tag, f.line).get("tstype")
            if ts_tag is None or not ts_tag.has_option("extends"):
                continue
            long_type, valid = self.inherited_type(f.type, ts_tag, f.line)
            if valid:
                inheritances.append(self.conf["type_mappings"].get(long_type, long_type))
        if inheritances:
            s.append(" extends " + ", ".join(inheritances))

    def inherited_type(self, t, tag, line: int) -> tuple[str, bool]:
        if isinstance(t, Ident):
            kinds = self.file.type_kinds if self.file else {}
            if t.name in kinds:
                return t.name, kinds[t.name] and is_exported(t.name)
            if self.file is not None and t.name in self.file.other_names:
                return "", False
            return t.name, is_exported(t.name)
        if isinstance(t, Index):
            name, valid = self.inherited_type(t.x, tag, line)
            if valid:
                args = []
                for idx in t.indices:
                    if not isinstance(idx, Ident):
                        raise Unconvertible(line, "tstype extends of a generic type with a non-identifier argument")
                    args.append(self.ident(idx.name))
                name += "<" + ", ".join(args) + ">"
            return name, valid
        if isinstance(t, Selector):
            return f"{t.x}.{t.sel}", is_exported(t.sel)
        if isinstance(t, Star):
            name, valid = self.inherited_type(t.x, tag, line)
            if valid and not tag.has_option("required"):
                name = f"Partial<{name}>"
            return name, valid
        return "", False

    def write_value_spec(self, s: list[str], vs: ValueSpec, group: _Group) -> None:
        for i, name in enumerate(vs.names):
            group.iota += 1
            if name == "_" or not is_exported(name):
                continue
            if vs.doc is not None and self.preserve_type_comments():
                self.write_comment_group(s, vs.doc, 0)
            elif group.is_grouped and self.preserve_type_comments():
                self.write_comment_group(s, group.doc, 0)
            has_value = len(vs.values) > i
            if has_value:
                group.group_type = ""
            s.append("export const " + name)
            if vs.type is not None:
                tmp: list[str] = []
                self.write_type(tmp, vs.type, None, 0, True)
                type_string = "".join(tmp)
                s.append(": " + type_string)
                group.group_type = type_string
            elif group.group_type != "" and not has_value:
                s.append(": " + group.group_type)
            s.append(" = ")
            if has_value:
                tmp = []
                self.write_type(tmp, vs.values[i], None, 0, False)
                group.group_value = "".join(tmp)
            value = group.group_value
            if _is_probably_iota(value):
                value = _replace_iota(value, group.iota)
            s.append(value + ";")
            if self.preserve_doc_comments() and vs.comment is not None:
                self.write_single_line_comment(s, vs.comment)
            else:
                s.append("\n")

    # ---- enum_style: enum | union
    def detect_enum_group(self, decl: GenDecl) -> _EnumGroup | None:
        if decl.tok != "const" or len(decl.specs) < 2:
            return None
        if self.conf["enum_style"] not in ("enum", "union"):
            return None
        candidates: list[ValueSpec] = []
        common_type = common_prefix = ""
        for vs in decl.specs:
            for name in vs.names:
                if not is_exported(name) or name == "_":
                    continue
                type_name = vs.type.name if isinstance(vs.type, Ident) else ""
                candidates.append(vs)
                if common_type == "" and type_name != "":
                    common_type = type_name
                    if name.startswith(type_name):
                        common_prefix = type_name
                break
        if len(candidates) < 2:
            return None
        if common_type == "" or common_prefix == "":
            common_prefix = _find_common_prefix(candidates)
            if common_prefix == "":
                return None
            common_type = common_prefix
        valid = []
        for vs in candidates:
            if not vs.names[0].startswith(common_prefix):
                continue
            type_name = vs.type.name if isinstance(vs.type, Ident) else ""
            if type_name != "" and type_name != common_type:
                continue
            valid.append(vs)
        if len(valid) < 2:
            return None
        return _EnumGroup(common_type, common_prefix, valid, decl.doc)

    def _value_string(self, value) -> str:
        tmp: list[str] = []
        self.write_type(tmp, value, None, 0, False)
        return "".join(tmp)

    def write_ts_enum(self, s: list[str], eg: _EnumGroup) -> None:
        if eg.doc is not None and self.preserve_type_comments():
            self.write_comment_group(s, eg.doc, 0)
        s.append(f"export enum {eg.type_name} {{\n")
        iota = 0
        for c in eg.constants:
            if not is_exported(c.names[0]):
                continue
            if c.doc is not None and self.preserve_type_comments():
                self.write_comment_group(s, c.doc, 1)
            s.append(self.conf["indent"] + c.names[0].removeprefix(eg.prefix))
            if c.values:
                value = self._value_string(c.values[0])
                if _is_probably_iota(value):
                    value = _replace_iota(value, iota)
                s.append(" = " + value)
            s.append(",")
            if c.comment is not None and self.preserve_doc_comments():
                self.write_single_line_comment(s, c.comment)
            else:
                s.append("\n")
            iota += 1
        s.append("}\n")

    def write_ts_union(self, s: list[str], eg: _EnumGroup) -> None:
        iota = 0
        last_raw = ""
        is_iota_seq = False
        names: list[str] = []
        for c in eg.constants:
            if not is_exported(c.names[0]):
                iota += 1
                continue
            names.append(c.names[0])
            if c.doc is not None and self.preserve_type_comments():
                self.write_comment_group(s, c.doc, 0)
            s.append(f"export const {c.names[0]} = ")
            value = ""
            if c.values:
                raw = self._value_string(c.values[0])
                is_iota_seq = _is_probably_iota(raw)
                value = _replace_iota(raw, iota) if is_iota_seq else raw
                last_raw = raw
            elif last_raw != "":
                value = _replace_iota(last_raw, iota) if is_iota_seq else last_raw
            s.append(value + ";")
            if c.comment is not None and self.preserve_doc_comments():
                self.write_single_line_comment(s, c.comment)
            else:
                s.append("\n")
            iota += 1
        if eg.doc is not None and self.preserve_type_comments():
            self.write_comment_group(s, eg.doc, 0)
        s.append(f"export type {eg.type_name} = " + " | ".join("typeof " + n for n in names) + ";\n")


def _find_common_prefix(constants: list[ValueSpec]) -> str:
    first = constants[0].names[0]
    for n in range(len(first), 0, -1):
        candidate = first[:n]
        if not ("A" <= candidate[0] <= "Z"):
            continue
        if all(vs.names[0].startswith(candidate) for vs in constants[1:]):
            return candidate
    return ""
