#!/usr/bin/python3
"""The tables docutils reads in a spec's REST API impact section, as JSON Lines.

usage: docutils_tables.py [--all | --section TITLE] FILE...

The oracle that tests compare `attrc extract` with: Debian's python3-docutils, with
the Sphinx directives and roles that OpenStack specs use registered as docutils does
not know them (directives skipped, roles read as literals), file insertion enabled for
csv-table :file: and never a URL.  Prints {"file","title","header","rows"} per table.
A table inside a table's cell is part of that cell's text, not a table of its own
(docs/reader.md).
"""
import json, re, sys, os
import docutils.core, docutils.nodes as n
from docutils.parsers.rst import directives, Directive, roles


class Skip(Directive):
    has_content = True
    optional_arguments = 10
    final_argument_whitespace = True
    option_spec = None

    def run(self):
        return []


for name in ('blockdiag', 'actdiag', 'nwdiag', 'seqdiag', 'graphviz', 'toctree', 'todo',
             'literalinclude', 'code-block', 'sourcecode', 'glossary', 'versionadded',
             'versionchanged', 'deprecated', 'seealso', 'only', 'index', 'automodule',
             'autoclass', 'rest_method', 'rest_parameters', 'rest_expand_all', 'uml',
             'mermaid', 'ifconfig', 'highlight', 'jsonschema'):
    directives.register_directive(name, Skip)


def literal_role(name, rawtext, text, lineno, inliner, options={}, content=[]):
    return [n.literal(rawtext, text)], []


for name in ('ref', 'doc', 'term', 'command', 'file', 'program', 'option', 'envvar', 'abbr',
             'code', 'samp', 'class', 'func', 'meth', 'mod', 'attr', 'py:class', 'guilabel',
             'menuselection', 'kbd', 'download', 'bug', 'launchpad', 'rfc', 'pep',
             'oslo.config:option'):
    roles.register_local_role(name, literal_role)

WS = re.compile(r'\s+')


def text(node):
    node = node.deepcopy()
    for msg in list(node.traverse(n.system_message)):
        msg.parent.remove(msg)
    return WS.sub(' ', node.astext()).strip()


def owner(node):
    """The nearest table that holds node."""
    node = node.parent
    while node is not None and not isinstance(node, n.table):
        node = node.parent
    return node


def rows_of(group, table):
    # rows and entries of this table only: a table inside a cell is text of that cell
    return [[text(e) for e in row.traverse(n.entry) if owner(e) is table]
            for row in group.traverse(n.row) if owner(row) is table]


def matches(title, want):
    t = WS.sub(' ', title).strip().lower()
    if want is None:
        return t in ('rest api impact', 'rest api impacts')
    return t == WS.sub(' ', want).strip().lower()


def extract(path, want, whole):
    src = open(path, encoding='utf-8', errors='replace').read()
    if src.startswith('\ufeff'):
        src = src[1:]
    settings = {'report_level': 5, 'halt_level': 5, 'file_insertion_enabled': True,
                'raw_enabled': False, 'doctitle_xform': False,
                'warning_stream': open(os.devnull, 'w'), 'input_encoding': 'utf-8'}
    doc = docutils.core.publish_doctree(src, source_path=path, settings_overrides=settings)
    found = []
    if whole:
        scopes = [doc]
    else:
        scopes = []
        for sec in doc.traverse(n.section):
            t = sec.next_node(n.title)
            if t is not None and matches(t.astext(), want):
                if not any(sec in s.traverse(n.section) for s in scopes):
                    scopes.append(sec)
    for scope in scopes:
        for tab in scope.traverse(n.table):
            if owner(tab) is not None:
                continue  # attrc reads a table inside a cell as that cell's text
            title = tab.next_node(n.title)
            title = text(title) if title is not None and title.parent is tab else ''
            head = [rows_of(g, tab) for g in tab.traverse(n.thead) if owner(g) is tab]
            body = [rows_of(g, tab) for g in tab.traverse(n.tbody) if owner(g) is tab]
            found.append({'file': path, 'title': title, 'header': head[0] if head else [],
                          'rows': body[0] if body else []})
    return found


def main():
    args = sys.argv[1:]
    want, whole = None, False
    if '--all' in args:
        args.remove('--all')
        whole = True
    if '--section' in args:
        k = args.index('--section')
        want = args[k + 1]
        del args[k:k + 2]
    if not args:
        sys.exit(__doc__)
    for p in args:
        for t in extract(p, want, whole):
            print(json.dumps(t, ensure_ascii=False))


main()
