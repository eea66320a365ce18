// Count requests per (method, path without query) in a hash map, then sort by count.
const std = @import("std");

const Endpoint = struct {
    method: []const u8,
    path: []const u8,
};

const EndpointContext = struct {
    pub fn hash(_: EndpointContext, e: Endpoint) u64 {
        var h: std.hash.Wyhash = .init(0);
        h.update(e.method);
        h.update(" ");
        h.update(e.path);
        return h.final();
    }
    pub fn eql(_: EndpointContext, a: Endpoint, b: Endpoint) bool {
        return std.mem.eql(u8, a.method, b.method) and std.mem.eql(u8, a.path, b.path);
    }
};

const Ranked = struct {
    endpoint: Endpoint,
    count: u32,

    // Most requests first, then method, then path, in byte order.
    fn lessThan(_: void, a: Ranked, b: Ranked) bool {
        if (a.count != b.count) return a.count > b.count;
        return switch (std.mem.order(u8, a.endpoint.method, b.endpoint.method)) {
            .lt => true,
            .gt => false,
            .eq => std.mem.lessThan(u8, a.endpoint.path, b.endpoint.path),
        };
    }
};

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    const gpa = init.gpa;
    var in_buffer: [4096]u8 = undefined;
    var stdin: std.Io.File.Reader = .init(.stdin(), io, &in_buffer);
    const input = try stdin.interface.allocRemaining(init.arena.allocator(), .unlimited);

    var tokens = std.mem.tokenizeAny(u8, input, " \t\r\n");
    const n = try std.fmt.parseInt(usize, tokens.next().?, 10);
    const k = try std.fmt.parseInt(usize, tokens.next().?, 10);

    // Keys are slices of the input, which lives until the end.
    var counts: std.HashMap(Endpoint, u32, EndpointContext, std.hash_map.default_max_load_percentage) = .init(gpa);
    defer counts.deinit();
    for (0..n) |_| {
        const method = tokens.next().?;
        const full_path = tokens.next().?;
        _ = tokens.next().?; // status
        const path = full_path[0 .. std.mem.findScalar(u8, full_path, '?') orelse full_path.len];
        const entry = try counts.getOrPut(.{ .method = method, .path = path });
        if (!entry.found_existing) entry.value_ptr.* = 0;
        entry.value_ptr.* += 1;
    }

    var ranked: std.ArrayList(Ranked) = .empty;
    defer ranked.deinit(gpa);
    try ranked.ensureTotalCapacity(gpa, counts.count());
    var it = counts.iterator();
    while (it.next()) |entry| ranked.appendAssumeCapacity(.{ .endpoint = entry.key_ptr.*, .count = entry.value_ptr.* });
    std.mem.sort(Ranked, ranked.items, {}, Ranked.lessThan);

    var out_buffer: [65536]u8 = undefined;
    var stdout: std.Io.File.Writer = .init(.stdout(), io, &out_buffer);
    const out = &stdout.interface;
    for (ranked.items[0..@min(k, ranked.items.len)]) |r| {
        try out.print("{s} {s} {d}\n", .{ r.endpoint.method, r.endpoint.path, r.count });
    }
    try out.flush();
}
