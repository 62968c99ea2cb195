# iofold sandbox: prepares checked eval code for a worker. Attribute stores (`obj.x = v`,
# `obj.x += v`, `del obj.x`) are rewritten into calls of the jail's guards, which allow them only
# on objects the eval created; line numbers stay those of the source.
import ast

import iofold_checker as checker

GUARDS = checker.GUARDS


def _call(guard, args, like):
    call = ast.Call(func=ast.Name(id=GUARDS[guard], ctx=ast.Load()), args=args, keywords=[])
    return ast.copy_location(ast.Expr(value=call), like)


class _StoreRewriter(ast.NodeTransformer):
    """Attribute stores go through a guard that allows them only on objects the eval created."""

    def visit_Assign(self, node):
        self.generic_visit(node)
        if not any(isinstance(t, ast.Attribute) for t in node.targets):
            return node
        if len(node.targets) == 1:
            t = node.targets[0]
            return _call("set", [node.value, t.value, ast.Constant(t.attr)], node)
        tmp = ast.Name(id=GUARDS["tmp"], ctx=ast.Load())
        out = [ast.copy_location(ast.Assign(targets=[ast.Name(id=GUARDS["tmp"], ctx=ast.Store())], value=node.value), node)]
        for t in node.targets:
            if isinstance(t, ast.Attribute):
                out.append(_call("set", [tmp, t.value, ast.Constant(t.attr)], node))
            else:
                out.append(ast.copy_location(ast.Assign(targets=[t], value=tmp), node))
        out.append(ast.copy_location(ast.Delete(targets=[ast.Name(id=GUARDS["tmp"], ctx=ast.Del())]), node))
        return out

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        t = node.target
        if not isinstance(t, ast.Attribute):
            return node
        op = type(node.op).__name__
        return _call("aug", [t.value, ast.Constant(t.attr), ast.Constant(op), node.value], node)

    def visit_AnnAssign(self, node):
        self.generic_visit(node)
        t = node.target
        if not isinstance(t, ast.Attribute):
            return node
        if node.value is None:
            return ast.copy_location(ast.Expr(value=t.value), node)
        return _call("set", [node.value, t.value, ast.Constant(t.attr)], node)

    def visit_Delete(self, node):
        self.generic_visit(node)
        if not any(isinstance(t, ast.Attribute) for t in node.targets):
            return node
        out = []
        for t in node.targets:
            if isinstance(t, ast.Attribute):
                out.append(_call("del", [t.value, ast.Constant(t.attr)], node))
            else:
                out.append(ast.copy_location(ast.Delete(targets=[t]), node))
        return out


def guarded_code(code):
    """Checks and compiles eval code for a worker. Returns (code object, function name, issues,
    the allowed modules it imports)."""
    tree, name, issues, walk = checker.static_check(code)
    if issues:
        return None, None, issues, frozenset()
    if walk.stores_attributes:
        with checker.deep_python():
            tree = ast.fix_missing_locations(_StoreRewriter().visit(tree))
    return compile(tree, checker.USER_FILE, "exec", dont_inherit=True), name, [], frozenset(walk.imports)
