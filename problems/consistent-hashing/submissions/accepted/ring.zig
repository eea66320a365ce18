// The ring as a treap (std.Treap) ordered by (position, node name); GET is a lower bound that wraps around.
const std = @import("std");

const VNode = struct {
    pos: u32,
    name: []const u8,
};

// By position, then by node name in byte order.
fn order(a: VNode, b: VNode) std.math.Order {
    if (a.pos != b.pos) return std.math.order(a.pos, b.pos);
    return std.mem.order(u8, a.name, b.name);
}

const Ring = std.Treap(VNode, order);

fn fnv(s: []const u8) u32 {
    var h: u32 = 2166136261;
    for (s) |b| h = (h ^ b) *% 16777619;
    return h;
}

// The first node at or after key: where a failed lookup would insert key, the
// node it would hang under is either the lower bound or its predecessor.
fn lowerBound(ring: *Ring, key: VNode) ?*Ring.Node {
    const entry = ring.getEntryFor(key);
    if (entry.node) |node| return node;
    const parent = entry.context.inserted_under orelse return null;
    return if (order(key, parent.key) == .lt) parent else parent.next();
}

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const gpa = init.gpa;
    var in_buffer: [4096]u8 = undefined;
    var stdin: std.Io.File.Reader = .init(.stdin(), io, &in_buffer);
    const input = try stdin.interface.allocRemaining(init.arena.allocator(), .unlimited);

    var tokens = std.mem.tokenizeAny(u8, input, " \t\r\n");
    const v = try std.fmt.parseInt(usize, tokens.next().?, 10);
    const n = try std.fmt.parseInt(usize, tokens.next().?, 10);

    // Names are slices of the input, which lives until the end.
    var ring: Ring = .{};
    defer {
        while (ring.getMin()) |node| {
            var entry = ring.getEntryForExisting(node);
            entry.set(null);
            gpa.destroy(node);
        }
    }

    var out_buffer: [65536]u8 = undefined;
    var stdout: std.Io.File.Writer = .init(.stdout(), io, &out_buffer);
    const out = &stdout.interface;
    var vnode_buffer: [40]u8 = undefined;
    for (0..n) |_| {
        const op = tokens.next().?;
        const name = tokens.next().?;
        if (std.mem.eql(u8, op, "ADD")) {
            for (0..v) |j| {
                const vnode = try std.fmt.bufPrint(&vnode_buffer, "{s}#{d}", .{ name, j });
                var entry = ring.getEntryFor(.{ .pos = fnv(vnode), .name = name });
                if (entry.node != null) continue; // already there: a set keeps one
                entry.set(try gpa.create(Ring.Node));
            }
        } else if (std.mem.eql(u8, op, "REMOVE")) {
            for (0..v) |j| {
                const vnode = try std.fmt.bufPrint(&vnode_buffer, "{s}#{d}", .{ name, j });
                var entry = ring.getEntryFor(.{ .pos = fnv(vnode), .name = name });
                const node = entry.node orelse continue;
                entry.set(null);
                gpa.destroy(node);
            }
        } else if (ring.root == null) {
            try out.writeAll("NONE\n");
        } else {
            const owner = lowerBound(&ring, .{ .pos = fnv(name), .name = "" }) orelse ring.getMin().?;
            try out.writeAll(owner.key.name);
            try out.writeByte('\n');
        }
    }
    try out.flush();
}
