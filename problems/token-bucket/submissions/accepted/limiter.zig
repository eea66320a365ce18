// Milli-tokens in 64-bit integers: refill is exact, no floating point.
const std = @import("std");

const Bucket = struct {
    milli: i64,
    last: i64,

    fn refill(b: *Bucket, t: i64, cap: i64, rate: i64) void {
        // At most 10^12 ms times 10^6 per second: below 2^63.
        b.milli = @min(cap * 1000, b.milli + (t - b.last) * rate);
        b.last = t;
    }
};

fn wait(have: i64, rate: i64) i64 {
    const need: i64 = @max(0, 1000 - have);
    return @divTrunc(need + rate - 1, rate);
}

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const gpa = init.gpa;
    var in_buffer: [4096]u8 = undefined;
    var stdin: std.Io.File.Reader = .init(.stdin(), io, &in_buffer);
    const input = try stdin.interface.allocRemaining(init.arena.allocator(), .unlimited);

    var tokens = std.mem.tokenizeAny(u8, input, " \t\r\n");
    const c = try std.fmt.parseInt(i64, tokens.next().?, 10);
    const r = try std.fmt.parseInt(i64, tokens.next().?, 10);
    const g = try std.fmt.parseInt(i64, tokens.next().?, 10);
    const q = try std.fmt.parseInt(i64, tokens.next().?, 10);
    const n = try std.fmt.parseInt(usize, tokens.next().?, 10);

    // Keys are slices of the input, which lives until the end.
    var users: std.StringHashMap(Bucket) = .init(gpa);
    defer users.deinit();
    var global: Bucket = .{ .milli = g * 1000, .last = 0 };

    var out_buffer: [65536]u8 = undefined;
    var stdout: std.Io.File.Writer = .init(.stdout(), io, &out_buffer);
    const out = &stdout.interface;
    for (0..n) |_| {
        const t = try std.fmt.parseInt(i64, tokens.next().?, 10);
        const u = tokens.next().?;
        const entry = try users.getOrPut(u);
        if (!entry.found_existing) entry.value_ptr.* = .{ .milli = c * 1000, .last = t };
        const b = entry.value_ptr;
        b.refill(t, c, r);
        global.refill(t, g, q);
        if (b.milli >= 1000 and global.milli >= 1000) {
            b.milli -= 1000;
            global.milli -= 1000;
            try out.writeAll("ALLOW\n");
        } else {
            try out.print("DENY {d}\n", .{@max(wait(b.milli, r), wait(global.milli, q))});
        }
    }
    try out.flush();
}
