// A Fenwick tree over latency values; the k-th smallest by binary lifting.
const std = @import("std");

const max_v: usize = 1 << 20; // above 10^6

fn add(tree: []i32, start: usize) void {
    var i = start;
    while (i <= max_v) : (i += i & (~i +% 1)) tree[i] += 1;
}

// Smallest value with at least k recorded at or below it.
fn kth(tree: []const i32, k_in: i32) usize {
    var k = k_in;
    var pos: usize = 0;
    var step: usize = max_v;
    while (step > 0) : (step >>= 1) {
        if (pos + step <= max_v and tree[pos + step] < k) {
            pos += step;
            k -= tree[pos];
        }
    }
    return pos + 1;
}

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const gpa = init.gpa;
    var in_buffer: [4096]u8 = undefined;
    var stdin: std.Io.File.Reader = .init(.stdin(), io, &in_buffer);
    const input = try stdin.interface.allocRemaining(init.arena.allocator(), .unlimited);

    var tokens = std.mem.tokenizeAny(u8, input, " \t\r\n");
    const n = try std.fmt.parseInt(usize, tokens.next().?, 10);

    const tree = try gpa.alloc(i32, max_v + 1);
    defer gpa.free(tree);
    @memset(tree, 0);
    var count: i64 = 0;

    var out_buffer: [65536]u8 = undefined;
    var stdout: std.Io.File.Writer = .init(.stdout(), io, &out_buffer);
    const out = &stdout.interface;
    for (0..n) |_| {
        const op = tokens.next().?;
        if (op[0] == 'R') {
            add(tree, try std.fmt.parseInt(usize, tokens.next().?, 10));
            count += 1;
        } else if (count == 0) {
            try out.writeAll("- - -\n");
        } else {
            const p50 = kth(tree, @intCast(@divTrunc(50 * count + 99, 100)));
            const p95 = kth(tree, @intCast(@divTrunc(95 * count + 99, 100)));
            const p99 = kth(tree, @intCast(@divTrunc(99 * count + 99, 100)));
            try out.print("{d} {d} {d}\n", .{ p50, p95, p99 });
        }
    }
    try out.flush();
}
