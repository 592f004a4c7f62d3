"""Export markets offered in the export form: ISO 3166 code and the country's Vietnamese name (what the records
store and the public pages show). The markets OCOP products are reported in, nearest first."""

MARKETS = [
    ("CN", "Trung Quốc"), ("JP", "Nhật Bản"), ("KR", "Hàn Quốc"), ("TW", "Đài Loan"), ("HK", "Hồng Kông"),
    ("SG", "Singapore"), ("TH", "Thái Lan"), ("MY", "Malaysia"), ("ID", "Indonesia"), ("PH", "Philippines"),
    ("KH", "Campuchia"), ("LA", "Lào"), ("IN", "Ấn Độ"), ("AE", "Các Tiểu vương quốc Ả Rập Thống nhất"),
    ("AU", "Úc"), ("NZ", "New Zealand"), ("US", "Hoa Kỳ"), ("CA", "Canada"), ("GB", "Vương quốc Anh"),
    ("DE", "Đức"), ("FR", "Pháp"), ("NL", "Hà Lan"), ("BE", "Bỉ"), ("IT", "Ý"), ("ES", "Tây Ban Nha"),
    ("CZ", "Séc"), ("PL", "Ba Lan"), ("RU", "Nga"), ("IL", "Israel"), ("SA", "Ả Rập Xê Út"),
]
MARKET_NAMES = dict(MARKETS)
