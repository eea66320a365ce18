const std = @import("std");

pub fn main(init: std.process.Init) !void {
    const io = init.io;
    var in_buffer: [4096]u8 = undefined;
    var stdin: std.Io.File.Reader = .init(.stdin(), io, &in_buffer);
    const input = try stdin.interface.allocRemaining(init.arena.allocator(), .unlimited);

    var sum: i64 = 0;
    var numbers = std.mem.tokenizeAny(u8, input, " \t\r\n");
    while (numbers.next()) |number| sum += try std.fmt.parseInt(i64, number, 10);

    var out_buffer: [64]u8 = undefined;
    var stdout: std.Io.File.Writer = .init(.stdout(), io, &out_buffer);
    try stdout.interface.print("{d}\n", .{sum});
    try stdout.interface.flush();
}
